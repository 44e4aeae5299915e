/*
 * usertests: processes (fork, exit, wait, kill, getpid).
 */
#include "ut.h"

/* wait returns each child exactly once, with the status it passed to exit. */
void test_forkwait(void)
{
	enum { N = 10 };
	int pids[N], seen[N], i, j, pid, status;

	for (i = 0; i < N; i++) {
		pid = fork();
		CHECK(pid >= 0, "fork %d failed", i);
		if (pid == 0)
			exit(i + 3);
		pids[i] = pid;
		seen[i] = 0;
	}
	for (i = 0; i < N; i++) {
		pid = wait(&status);
		for (j = 0; j < N && pids[j] != pid; j++)
			;
		CHECK(j < N, "wait returned %d, not one of our children", pid);
		CHECK(!seen[j], "pid %d reaped twice", pid);
		CHECK(status == j + 3, "child %d: status %d, expected %d", j, status, j + 3);
		seen[j] = 1;
	}
	CHECK(wait(&status) == -1, "wait with no children did not return -1");

	/* A null status pointer is allowed. */
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0)
		exit(0);
	CHECK(wait(0) == pid, "wait(0) failed");
	CHECK(wait(0) == -1, "wait(0) with no children did not return -1");
}

/* The exact value given to exit() comes back through wait(). */
void test_exitstatus(void)
{
	static const int codes[] = {0, 1, 42, 127, 255, 256, 12345, -7, -1000};
	int i, pid, status;

	for (i = 0; i < NELEM(codes); i++) {
		pid = fork();
		CHECK(pid >= 0, "fork failed");
		if (pid == 0)
			exit(codes[i]);
		CHECK(wait(&status) == pid, "wait returned the wrong pid");
		CHECK(status == codes[i], "exit(%d) came back as %d", codes[i], status);
	}
}

/* The child has its own pid, which is what fork returned to the parent. */
void test_getpid(void)
{
	int me = getpid(), p[2], pid, childpid = 0, status;

	CHECK(me > 0, "getpid returned %d", me);
	CHECK(pipe(p) == 0, "pipe failed");
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0) {
		childpid = getpid();
		write(p[1], &childpid, sizeof(childpid));
		exit(childpid == me ? 1 : 0);
	}
	close(p[1]); /* so a dead child means EOF, not a hang */
	CHECK(read(p[0], &childpid, sizeof(childpid)) == sizeof(childpid), "pipe read failed");
	CHECK(wait(&status) == pid && status == 0, "child saw the parent's pid");
	CHECK(childpid == pid, "child says it is %d, fork said %d", childpid, pid);
	CHECK(getpid() == me, "parent's pid changed");
	close(p[0]);
}

/* Forks of forks, all writing to their (copy-on-write) memory at once. */
static int forkfork_child(int depth, int seed)
{
	int pid, status;

	fill(buf, BUFSZ, seed, 0);
	if (depth > 0) {
		pid = fork();
		if (pid < 0)
			return 2;
		if (pid == 0)
			exit(forkfork_child(depth - 1, seed + 1));
		fill(buf2, BUFSZ, seed + 50, 0);
		if (wait(&status) != pid || status != 0)
			return 3;
		if (check_fill(buf2, BUFSZ, seed + 50, 0) >= 0)
			return 4;
	}
	if (check_fill(buf, BUFSZ, seed, 0) >= 0)
		return 5;
	return 0;
}

void test_forkfork(void)
{
	enum { WIDTH = 4, DEPTH = 4 };
	int i, pid, status;

	fill(buf, BUFSZ, 99, 0);
	for (i = 0; i < WIDTH; i++) {
		pid = fork();
		CHECK(pid >= 0, "fork failed");
		if (pid == 0)
			exit(forkfork_child(DEPTH, i * 10));
	}
	for (i = 0; i < WIDTH; i++) {
		CHECK(wait(&status) > 0, "wait failed");
		CHECK(status == 0, "a fork chain failed with status %d", status);
	}
	CHECK(check_fill(buf, BUFSZ, 99, 0) < 0, "parent's memory changed by children");
}

/* Wait until the process count drops back to n (orphans reaped by init). */
static void wait_nproc(int n)
{
	int tries;

	for (tries = 0; tries < 500 && nprocs() > n; tries++)
		sleep(1);
	CHECK(nprocs() <= n, "%d processes left, expected %d", nprocs(), n);
}

/* Children that outlive their parent are adopted and reaped by init. */
void test_reparent(void)
{
	int base = nprocs(), i, pid, status;

	for (i = 0; i < 20; i++) {
		pid = fork();
		CHECK(pid >= 0, "fork failed");
		if (pid == 0) {
			if (fork() == 0) {
				sleep(2);
				exit(0);
			}
			exit(0); /* leave the grandchild behind */
		}
		CHECK(wait(&status) == pid && status == 0, "wait failed");
	}
	CHECK(wait(0) == -1, "grandchild was given to us instead of init");
	wait_nproc(base);
}

/* Many short-lived children in a row: no process slot or page leaks. */
void test_exitwait(void)
{
	int i, pid, status, base = nprocs();
	uint64 before = freemem();

	for (i = 0; i < 100; i++) {
		pid = fork();
		CHECK(pid >= 0, "fork %d failed", i);
		if (pid == 0)
			exit(i);
		CHECK(wait(&status) == pid && status == i, "round %d: wait failed", i);
	}
	CHECK(nprocs() == base, "process count %d, expected %d", nprocs(), base);
	CHECK(freemem() == before, "memory leaked: %ld bytes", (long)(before - freemem()));
}

/* kill of a sleeping, a spinning and a pipe-blocked child: wait says -1. */
void test_kill(void)
{
	int pid, status, p[2], kind;
	char c;

	for (kind = 0; kind < 3; kind++) {
		CHECK(pipe(p) == 0, "pipe failed");
		pid = fork();
		CHECK(pid >= 0, "fork failed");
		if (pid == 0) {
			close(p[1]);
			if (kind == 0)
				sleep(100000);
			else if (kind == 1)
				for (;;)
					;
			else
				read(p[0], &c, 1);
			exit(0);
		}
		close(p[0]);
		sleep(2); /* let it get going */
		CHECK(kill(pid) == 0, "kill of child failed");
		CHECK(wait(&status) == pid, "wait failed");
		CHECK(status == -1, "killed child (kind %d): status %d, expected -1", kind, status);
		close(p[1]);
	}
	CHECK(kill(-1) == -1, "kill(-1) did not fail");
	CHECK(kill(0) == -1, "kill(0) did not fail");
	CHECK(kill(1 << 30) == -1, "kill of a nonexistent pid did not fail");
}

/* sysinfo: nproc counts a sleeping child; freemem is sane. */
void test_sysinfo(void)
{
	struct sysinfo si;
	int base, pid, status;

	CHECK(sysinfo(&si) == 0, "sysinfo failed");
	CHECK(si.freemem > 0 && si.freemem % PGSIZE == 0, "odd freemem %lu", si.freemem);
	CHECK(si.nproc >= 2 && si.nproc <= NPROC, "odd nproc %lu", si.nproc);
	base = nprocs();
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0) {
		sleep(100000);
		exit(0);
	}
	CHECK(nprocs() == base + 1, "nproc %d with a child, expected %d", nprocs(), base + 1);
	kill(pid);
	CHECK(wait(&status) == pid, "wait failed");
	CHECK(nprocs() == base, "nproc %d after reaping, expected %d", nprocs(), base);
	CHECK(sysinfo((struct sysinfo *)KERNBASE) == -1, "sysinfo into kernel memory");
	CHECK(sysinfo((struct sysinfo *)0xffffffffffffffffULL) == -1,
	      "sysinfo into a wild pointer");
}

/* uptime advances across sleep. */
void test_uptime(void)
{
	int t0, t1;

	t0 = uptime();
	CHECK(t0 >= 0, "uptime negative");
	CHECK(sleep(10) == 0, "sleep failed");
	t1 = uptime();
	CHECK(t1 - t0 >= 10, "slept 10 ticks but uptime moved %d", t1 - t0);
	CHECK(sleep(0) == 0, "sleep(0) failed");
}

/* procinfo lists us and our sleeping child. */
static struct procinfo rows[NPROC];

void test_procinfo(void)
{
	int n, i, me = getpid(), pid, status, found_me = 0, child = -1, tries;

	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0) {
		sleep(100000);
		exit(0);
	}
	/* Give the child time to reach its sleep (it may not have run yet). */
	for (tries = 0; tries < 200; tries++) {
		sleep(1);
		n = procinfo(rows, NPROC);
		CHECK(n > 0 && n <= NPROC, "procinfo returned %d", n);
		child = -1;
		for (i = 0; i < n; i++) {
			if (rows[i].pid == me)
				found_me = 1;
			if (rows[i].pid == pid)
				child = i;
		}
		if (child >= 0 && rows[child].state == PS_SLEEPING)
			break;
	}
	CHECK(child >= 0, "our child is missing");
	CHECK(rows[child].ppid == me, "child's ppid %d, expected %d", rows[child].ppid, me);
	CHECK(rows[child].state == PS_SLEEPING, "sleeping child in state %d", rows[child].state);
	CHECK(rows[child].size > 0, "child has size 0");
	CHECK(found_me, "our own pid is missing");
	CHECK(procinfo((struct procinfo *)KERNBASE, NPROC) == -1, "procinfo into kernel memory");
	kill(pid);
	CHECK(wait(&status) == pid && status == -1, "wait failed");
}
