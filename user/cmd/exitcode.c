/*
 * exitcode CMD [ARG...]: run CMD and print "exit N", its exit status, on
 * fd 2 (so that it is seen even when CMD's output goes into a pipe).  A
 * test helper for the grade tests.  A CMD killed by a signal gives N =
 * 128 + the signal, as the shell's $? does, and its name: "exit 141
 * (SIGPIPE)".
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define NOT_RUN 127 /* the shell's status for a command that was not found */

int main(int argc, char *argv[])
{
	char **args;
	struct opt o;
	int pid, status;

	opt_init(&o, argc, argv, "", "exitcode CMD [ARG...]");
	while (opt_next(&o) != -1)
		;
	if (o.ind == argc)
		opt_usage(&o);
	args = argv + o.ind;
	pid = fork();
	if (pid < 0) {
		perror("exitcode: fork");
		exit(1);
	}
	if (pid == 0) {
		exec_command(args);
		fprintf(2, "exitcode: %s: %s\n", args[0], strerror(errno));
		exit(NOT_RUN);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("exitcode: wait");
		exit(1);
	}
	if (WIFSIGNALED(status))
		fprintf(2, "exit %d (SIG%s)\n", 128 + WTERMSIG(status), sig_name(WTERMSIG(status)));
	else
		fprintf(2, "exit %d\n", WEXITSTATUS(status));
	return 0;
}
