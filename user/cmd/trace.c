/*
 * trace MASK CMD [ARG...]: the 6.1810 syscall lab's tracer: run CMD with
 * trace(MASK), so the kernel prints "PID: syscall NAME -> RESULT" for each
 * call 1 << SYS_n in MASK (decimal) that CMD and its children make.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define NOT_RUN 127

int main(int argc, char *argv[])
{
	struct opt o;

	opt_init(&o, argc, argv, "", "trace MASK CMD [ARG...]");
	while (opt_next(&o) != -1)
		;
	if (argc - o.ind < 2)
		opt_usage(&o);
	if (trace(atoi(argv[o.ind])) < 0) {
		fprintf(2, "trace: %s\n", strerror(errno));
		exit(1);
	}
	exec_command(argv + o.ind + 1);
	fprintf(2, "trace: %s: %s\n", argv[o.ind + 1], strerror(errno));
	exit(NOT_RUN);
}
