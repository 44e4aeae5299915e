/*
 * usertests: Kite's system-call and isolation test suite.
 *
 *   usertests            run every test
 *   usertests -q         run only the quick tests
 *   usertests NAME...    run only the named tests
 *
 * Each test is a function run in a child process, inside a fresh directory
 * /ut.N that the runner removes afterwards, so a test that crashes or is
 * killed is reported as FAILED instead of taking the suite down.  A
 * watchdog process kills a test that runs far too long; it is settled
 * before the test starts, so that tests comparing free memory within
 * themselves (cow, exitwait) see no page it takes.  After each test
 * the runner checks that free memory (sysinfo) is back to its value before
 * the test: the kernel must give back every page when a child is reaped.
 *
 * A failing test prints a reason line, then the runner prints
 * "test NAME: FAILED".  Tests that expect a process to be killed fork their
 * own victim and check that wait() reports -1.
 *
 * The user stack is small (USERSTACK pages), so big buffers are static.
 *
 * This file is the runner: the test table, the arguments, one child per
 * test, the free-memory check and the summary.  The tests are in the other
 * files of user/usertests/, one per group; ut.h is what they share.
 */
#include "ut.h"

/* The test running in this process (for FAIL). */
const char *testname = "usertests";

/* Absolute path of this program, for the exec tests (set in main). */
char selfpath[MAXPATH];

/* Absolute name of the test's own directory (set by the runner). */
char testdir[16];

/* ------------------------------------------------------------------ */
/* The test table                                                      */
/* ------------------------------------------------------------------ */

struct test {
	const char *name;
	void (*fn)(void);
	int quick; /* 1: part of `usertests -q` */
};

static struct test tests[] = {
    /* processes */
    {"forkwait", test_forkwait, 1},
    {"exitstatus", test_exitstatus, 1},
    {"getpid", test_getpid, 1},
    {"forkfork", test_forkfork, 1},
    {"reparent", test_reparent, 1},
    {"exitwait", test_exitwait, 1},
    {"kill", test_kill, 1},
    {"sysinfo", test_sysinfo, 1},
    {"uptime", test_uptime, 1},
    {"procinfo", test_procinfo, 1},
    /* memory */
    {"cow", test_cow, 1},
    {"cowread", test_cowread, 1},
    {"sbrkbasic", test_sbrkbasic, 1},
    {"sbrkbad", test_sbrkbad, 1},
    {"sbrkargs", test_sbrkargs, 1},
    /* isolation */
    {"kernmem", test_kernmem, 1},
    {"textwrite", test_textwrite, 1},
    {"stackguard", test_stackguard, 1},
    /* bad arguments */
    {"badptr", test_badptr, 1},
    {"readtext", test_readtext, 1},
    {"badfd", test_badfd, 1},
    {"fdlimit", test_fdlimit, 1},
    {"openflags", test_openflags, 1},
    {"badpath", test_badpath, 1},
    /* file system */
    {"fileio", test_fileio, 1},
    {"unlinkopen", test_unlinkopen, 1},
    {"linkcount", test_linkcount, 1},
    {"dirs", test_dirs, 1},
    {"bigdir", test_bigdir, 1},
    {"irefs", test_irefs, 1},
    {"dupoffset", test_dupoffset, 1},
    {"fstat", test_fstat, 1},
    {"mknod", test_mknod, 1},
    {"symlink", test_symlink, 1},
    {"dindirect", test_dindirect, 1},
    {"readrandom", test_readrandom, 1},
    {"readrace", test_readrace, 1},
    /* exec */
    {"execargs", test_execargs, 1},
    {"execbad", test_execbad, 1},
    {"execcopy", test_execcopy, 1},
    /* pipes */
    {"pipedata", test_pipedata, 1},
    {"pipenoreader", test_pipenoreader, 1},
    {"pipewriters", test_pipewriters, 1},
    /* concurrency */
    {"sharedfd", test_sharedfd, 1},
    {"concfiles", test_concfiles, 1},
    {"concreate", test_concreate, 1},
    {"randsys", test_randsys, 1},
    /* slow: limits and stress */
    {"forkall", test_forkall, 0},
    {"sbrkall", test_sbrkall, 0},
    {"bigfile", test_bigfile, 0},
    {"outofinodes", test_outofinodes, 0},
    {"outofblocks", test_outofblocks, 0},
    {"stress", test_stress, 0},
};

/* ------------------------------------------------------------------ */
/* The runner                                                          */
/* ------------------------------------------------------------------ */

/* A test that has not finished after this many ticks is killed. */
#define QUICK_TIMEOUT (300 * TICK_HZ)
#define SLOW_TIMEOUT (3600 * TICK_HZ)

/* The runner's own free-memory reading (FAIL would end the whole run). */
static uint64 runner_freemem(void)
{
	struct sysinfo si;

	if (sysinfo(&si) < 0)
		return 0;
	return si.freemem;
}

/* First entry of the current directory other than . and .. */
static int first_entry(char *name)
{
	struct dirent de;
	int fd, found = 0;

	fd = open(".", O_RDONLY);
	if (fd < 0)
		return 0;
	while (read(fd, &de, sizeof(de)) == sizeof(de)) {
		if (de.inum == 0)
			continue;
		memmove(name, de.name, DIRSIZ);
		name[DIRSIZ] = 0;
		if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
			found = 1;
			break;
		}
	}
	close(fd);
	return found;
}

/*
 * Remove dir and everything under it.  Iterative (the stack is small and
 * tests nest directories deeply): descend into the first non-empty
 * subdirectory, remove what can be removed, climb back with "..".
 */
static void remove_tree(const char *dir)
{
	char name[DIRSIZ + 1];
	int depth = 0, steps;

	if (chdir(dir) < 0)
		return;
	for (steps = 0; steps < 100000; steps++) {
		if (!first_entry(name)) {
			if (depth == 0)
				break;
			chdir("..");
			depth--;
			continue;
		}
		if (unlink(name) == 0)
			continue; /* a file, a link, or an empty directory */
		if (file_type(name) != T_DIR || chdir(name) < 0) {
			printf("usertests: cannot remove %s in %s\n", name, dir);
			break;
		}
		depth++;
	}
	chdir("/");
	if (unlink(dir) < 0)
		printf("usertests: cannot remove %s\n", dir);
}

/*
 * The watchdog: kills the test if it runs far too long.  It is started
 * and settled before the test, so that it allocates nothing while the test
 * compares free-memory readings (the first write to its stack copies a
 * copy-on-write page): it says so through ready, then waits in a read of
 * pidp for the test's pid.  It keeps both pipes open until it is killed,
 * so neither is freed during the test either.  -1 if fork failed.
 */
static int start_watchdog(struct test *t, int pidp[2])
{
	int ready[2], wpid, pid;
	char c;

	pidp[0] = pidp[1] = -1;
	if (pipe(ready) < 0)
		return -1;
	if (pipe(pidp) < 0) {
		close(ready[0]);
		close(ready[1]);
		pidp[0] = pidp[1] = -1;
		return -1;
	}
	wpid = fork();
	if (wpid == 0) {
		write(ready[1], "r", 1);
		if (read(pidp[0], &pid, sizeof(pid)) == sizeof(pid)) {
			sleep(t->quick ? QUICK_TIMEOUT : SLOW_TIMEOUT);
			kill(pid);
		}
		exit(0);
	}
	close(ready[1]);
	close(pidp[0]);
	if (wpid > 0)
		read(ready[0], &c, 1);
	close(ready[0]);
	if (wpid < 0) {
		close(pidp[1]); /* nobody would read the pid */
		pidp[1] = -1;
	}
	return wpid;
}

/* Run one test in a child process; returns 1 if it passed. */
static int run_test(struct test *t, int index)
{
	int pid, wpid, r, st, status = 0, wstatus = -1, left, tries, pidp[2];
	uint64 before, after;

	numbered(testdir, "/ut.", index);
	if (file_type(testdir) != 0)
		remove_tree(testdir); /* left over from an interrupted run */
	if (mkdir(testdir) < 0) {
		printf("  %s: cannot create %s\n", t->name, testdir);
		printf("test %s: FAILED\n", t->name);
		return 0;
	}

	before = runner_freemem();
	wpid = start_watchdog(t, pidp);
	pid = fork();
	if (pid < 0) {
		printf("  %s: fork failed\n", t->name);
		printf("test %s: FAILED\n", t->name);
		if (wpid > 0) {
			kill(wpid);
			wait(0);
		}
		close(pidp[1]);
		remove_tree(testdir);
		return 0;
	}
	if (pid == 0) {
		close(pidp[1]);
		testname = t->name;
		if (chdir(testdir) < 0)
			FAIL("cannot chdir to %s", testdir);
		t->fn();
		exit(0);
	}
	if (wpid > 0)
		write(pidp[1], &pid, sizeof(pid));
	close(pidp[1]);

	left = wpid > 0 ? 2 : 1;
	while (left > 0 && (r = wait(&st)) >= 0) {
		if (r == pid) {
			status = st;
			left--;
			if (wpid > 0)
				kill(wpid);
		} else if (r == wpid) {
			wstatus = st;
			left--;
		}
	}

	remove_tree(testdir);

	/* A reaped child's pages are all free; allow time for orphans. */
	for (tries = 0; tries < 100; tries++) {
		after = runner_freemem();
		if (after == before)
			break;
		sleep(5);
	}

	if (wpid > 0 && wstatus == 0)
		printf("  %s: timed out and was killed\n", t->name);
	else if (status == -1)
		printf("  %s: test process was killed\n", t->name);
	if (status == 0 && after != before)
		printf("  %s: free memory %lu before, %lu after: %ld bytes %s\n", t->name, before,
		       after, (long)(after > before ? after - before : before - after),
		       after < before ? "leaked" : "too many freed");
	if (status != 0 || after != before) {
		printf("test %s: FAILED\n", t->name);
		return 0;
	}
	printf("test %s: OK\n", t->name);
	return 1;
}

static struct test *find_test(const char *name)
{
	int i;

	for (i = 0; i < NELEM(tests); i++)
		if (strcmp(tests[i].name, name) == 0)
			return &tests[i];
	return 0;
}

int main(int argc, char *argv[])
{
	int quick = 0, named = 0, i, ran = 0, failed = 0, len;
	struct test *t;

	if (argc >= 2 && strcmp(argv[1], EXEC_HELPER) == 0)
		exec_helper(argc, argv);

	/* Remember where this program lives: tests run in other directories. */
	len = strlen(argv[0]);
	if (argv[0][0] == '/') {
		if (len >= MAXPATH)
			len = MAXPATH - 1;
		memmove(selfpath, argv[0], len);
	} else {
		selfpath[0] = '/';
		if (len >= MAXPATH - 1)
			len = MAXPATH - 2;
		memmove(selfpath + 1, argv[0], len);
	}

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-q") == 0) {
			quick = 1;
		} else if (argv[i][0] == '-') {
			printf("usage: usertests [-q] [TEST...]\n");
			exit(1);
		} else if (find_test(argv[i]) == 0) {
			printf("usertests: no test named %s\n", argv[i]);
			exit(1);
		} else {
			named = 1;
		}
	}
	if (file_type(selfpath) != T_FILE)
		printf("usertests: warning: %s not found; the exec tests will fail\n", selfpath);

	printf("usertests starting\n");
	for (i = 0; i < NELEM(tests); i++) {
		t = &tests[i];
		if (named) {
			int j, wanted = 0;

			for (j = 1; j < argc; j++)
				if (strcmp(argv[j], t->name) == 0)
					wanted = 1;
			if (!wanted)
				continue;
		} else if (quick && !t->quick) {
			continue;
		}
		ran++;
		if (!run_test(t, i))
			failed++;
	}
	if (failed) {
		printf("usertests: %d of %d tests failed\n", failed, ran);
		printf("SOME TESTS FAILED\n");
		exit(1);
	}
	printf("usertests: %d tests\n", ran);
	printf("ALL TESTS PASSED\n");
	exit(0);
}
