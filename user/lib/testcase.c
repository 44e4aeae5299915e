/*
 * testcase.c: the case runner of Kite's test programs (sigtest, traptest):
 * each case in a child process, judged by how the child ends.
 */
#include "kernel/types.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

ULIB_WEAK const char *test_case_name;

/* Wait for pid; after limit_ticks (0: never) kill it.  1 if it hung. */
static int wait_limited(int pid, int *st, int limit_ticks)
{
	if (limit_ticks == 0) {
		waitpid(pid, st, 0);
		return 0;
	}
	int t0 = uptime();
	while (waitpid(pid, st, WNOHANG) != pid) {
		if (uptime() - t0 > limit_ticks) {
			kill(pid, SIGKILL);
			waitpid(pid, st, 0);
			return 1;
		}
		sleep(1);
	}
	return 0;
}

/* Run one case in a child: 1 if it passed. */
static int run_one(const char *prog, const struct test_case *c, int limit_ticks)
{
	int st;
	int pid = fork();
	if (pid < 0) {
		printf("%s %s: FAILED: fork\n", prog, c->name);
		return 0;
	}
	if (pid == 0) {
		test_case_name = c->name;
		c->fn();
		printf("%s %s: ok\n", prog, c->name);
		exit(0);
	}
	if (wait_limited(pid, &st, limit_ticks)) {
		printf("%s %s: FAILED: hung\n", prog, c->name);
		return 0;
	}
	if (WIFSIGNALED(st)) {
		printf("%s %s: FAILED: died of %s\n", prog, c->name, strsignal(WTERMSIG(st)));
		return 0;
	}
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* 1 if argv[1..] is empty or names the case. */
static int wanted(const char *name, int argc, char *argv[])
{
	if (argc <= 1)
		return 1;
	for (int a = 1; a < argc; a++)
		if (strcmp(argv[a], name) == 0)
			return 1;
	return 0;
}

ULIB_WEAK int test_cases_run(const char *prog, const struct test_case *cases, int n, int argc,
                             char *argv[], int limit_ticks)
{
	int passed = 0, failed = 0;
	for (int i = 0; i < n; i++) {
		if (!wanted(cases[i].name, argc, argv))
			continue;
		if (run_one(prog, &cases[i], limit_ticks))
			passed++;
		else
			failed++;
	}
	printf("%s: %d passed, %d failed\n", prog, passed, failed);
	return failed;
}
