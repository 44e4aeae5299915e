/* halt: power the machine off. */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

int main(int argc, char *argv[])
{
	struct opt o;
	opt_init(&o, argc, argv, "", "halt");
	while (opt_next(&o) != -1)
		;
	if (o.ind != argc)
		opt_usage(&o);
	halt();
	fprintf(2, "halt: %s\n", strerror(errno));
	return 1;
}
