/* kill PID...: kill processes. */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

int main(int argc, char *argv[])
{
	struct opt o;
	int status = 0;

	opt_init(&o, argc, argv, "", "kill PID...");
	while (opt_next(&o) != -1)
		;
	if (o.ind == argc)
		opt_usage(&o);
	for (int i = o.ind; i < argc; i++) {
		if (!isdigit_str(argv[i])) {
			fprintf(2, "kill: %s: not a process id\n", argv[i]);
			status = 1;
		} else if (kill(atoi(argv[i])) < 0) {
			fprintf(2, "kill: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
}
