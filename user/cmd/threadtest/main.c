/*
 * threadtest: checks of kernel threads, futexes and the pthread subset,
 * one per argument, for grade/test_threads.py.  Each prints "NAME: ok"
 * when its checks pass or "NAME: FAIL what" at the first that does not.
 * "threadtest all" runs every check.  The checks that end a process on
 * purpose (a fault, exit from a thread, a kill) run it in a child.
 */
#include "threadtest.h"

const char *current;

void failed(const char *what)
{
	printf("%s: FAIL %s\n", current, what);
	exit(1);
}

int child_status(int pid)
{
	int st = -2; /* no exit status a test expects */
	EXPECT(pid > 0);
	EXPECT(wait(&st) == pid);
	return st;
}

void spin_forever(void)
{
	for (;;)
		;
}

void *spin(void *arg)
{
	(void)arg;
	spin_forever();
}

int rows_of(int pid)
{
	static struct procinfo rows[NPROC];
	int n = procinfo(rows, NPROC), k = 0;
	for (int i = 0; i < n; i++)
		if (rows[i].pid == pid)
			k++;
	return k;
}

struct check {
	const char *name;
	void (*fn)(void);
};

static const struct check checks[] = {
    {"mutex", test_mutex},         {"ids", test_ids},     {"join_exited", test_join_exited},
    {"fault", test_fault},         {"exit", test_exit},   {"kill", test_kill},
    {"main_exit", test_main_exit}, {"futex", test_futex}, {"badargs", test_badargs},
    {"fork", test_fork},           {"exec", test_exec},   {"cow", test_cow},
    {"malloc", test_malloc},       {"cond", test_cond},   {"nap", test_nap},
    {"files", test_files},         {"cwd", test_cwd},     {"maps", test_maps},
    {"signals", test_signals},
};
#define NCHECKS (sizeof(checks) / sizeof(checks[0]))

/* Each check in a child of its own, so that one's threads and exits
 * cannot touch the next. */
static int run(const struct check *c)
{
	int pid = fork();
	if (pid == 0) {
		current = c->name;
		c->fn();
		printf("%s: ok\n", c->name);
		exit(0);
	}
	int st = -1;
	wait(&st);
	if (st != 0)
		printf("%s: FAIL status %d\n", c->name, st);
	return st == 0;
}

int main(int argc, char *argv[])
{
	int bad = 0;
	if (argc < 2) {
		fprintf(2, "usage: threadtest all | NAME...\n");
		exit(2);
	}
	for (int i = 1; i < argc; i++) {
		int found = 0;
		for (uint j = 0; j < NCHECKS; j++)
			if (!strcmp(argv[i], "all") || !strcmp(argv[i], checks[j].name)) {
				found = 1;
				bad += !run(&checks[j]);
			}
		if (!found) {
			fprintf(2, "threadtest: no check %s\n", argv[i]);
			bad++;
		}
	}
	exit(bad != 0);
}
