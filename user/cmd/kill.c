/* kill PID...: kill processes. */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

int main(int argc, char *argv[])
{
	int status = 0;

	if (argc < 2) {
		fprintf(2, "usage: kill PID...\n");
		exit(1);
	}
	for (int i = 1; i < argc; i++) {
		if (!isdigit_str(argv[i])) {
			fprintf(2, "kill: %s: not a process id\n", argv[i]);
			status = 1;
		} else if (kill(atoi(argv[i])) < 0) {
			fprintf(2, "kill: %s: no such process\n", argv[i]);
			status = 1;
		}
	}
	return status;
}
