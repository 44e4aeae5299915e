/*
 * time CMD [ARG...]: run CMD, then print on fd 2 how long it took, in
 * seconds with one decimal ("real 1.5"), measured with uptime() (ticks,
 * TICK_HZ per second).  The exit status is CMD's.
 */
#include "kernel/types.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

#define NOT_RUN 127 /* the shell's status for a command that was not found */
#define TENTHS 10

int main(int argc, char *argv[])
{
	char **args;
	struct opt o;
	int pid, status, start, ticks;

	opt_init(&o, argc, argv, "", "time CMD [ARG...]");
	while (opt_next(&o) != -1)
		;
	if (o.ind == argc)
		opt_usage(&o);
	args = argv + o.ind;
	start = uptime();
	pid = fork();
	if (pid < 0) {
		fprintf(2, "time: fork: %s\n", strerror(errno));
		exit(1);
	}
	if (pid == 0) {
		exec_command(args);
		fprintf(2, "time: %s: %s\n", args[0], strerror(errno));
		exit(NOT_RUN);
	}
	if (wait(&status) < 0) {
		fprintf(2, "time: wait: %s\n", strerror(errno));
		exit(1);
	}
	ticks = uptime() - start;
	fprintf(2, "real %d.%d\n", ticks / TICK_HZ, ticks % TICK_HZ * TENTHS / TICK_HZ);
	return status;
}
