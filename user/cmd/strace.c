/*
 * strace CMD [ARG...]: run CMD and show each of its system calls, and
 * those of every process it starts, one line each on fd 2, with the
 * arguments decoded and the result:
 *   [pid 5] open("README", O_RDONLY) = 3
 * The kernel writes the lines (tracefd, kernel/syscall/trace.h); this
 * program only turns it on in the child before exec.  The exit status is
 * CMD's.  `strace CMD 2>FILE` keeps the trace (and CMD's errors) in FILE.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define NOT_RUN 127 /* the shell's status for a command that was not found */
#define TRACE_FD 2

int main(int argc, char *argv[])
{
	struct opt o;
	int pid, status;

	opt_init(&o, argc, argv, "", "strace CMD [ARG...]");
	while (opt_next(&o) != -1)
		;
	if (o.ind == argc)
		opt_usage(&o);
	pid = fork();
	if (pid < 0) {
		fprintf(2, "strace: fork: %s\n", strerror(errno));
		exit(1);
	}
	if (pid == 0) {
		if (tracefd(TRACE_FD) < 0) {
			fprintf(2, "strace: tracefd: %s\n", strerror(errno));
			exit(1);
		}
		exec_command(argv + o.ind);
		tracefd(-1);
		fprintf(2, "strace: %s: %s\n", argv[o.ind], strerror(errno));
		exit(NOT_RUN);
	}
	if (wait(&status) < 0) {
		fprintf(2, "strace: wait: %s\n", strerror(errno));
		exit(1);
	}
	return status;
}
