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
 * watchdog process kills a test that runs far too long.  After each test
 * the runner checks that free memory (sysinfo) is back to its value before
 * the test: the kernel must give back every page when a child is reaped.
 *
 * A failing test prints a reason line, then the runner prints
 * "test NAME: FAILED".  Tests that expect a process to be killed fork their
 * own victim and check that wait() reports -1.
 *
 * The user stack is small (USERSTACK pages), so big buffers are static.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/elf.h"
#include "user/user.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "kernel/sysinfo.h"
#include "kernel/fs.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/syscall.h"
#include "kernel/devno.h"

/* ------------------------------------------------------------------ */
/* Reporting                                                           */
/* ------------------------------------------------------------------ */

static const char *testname = "usertests"; /* the test running in this process */

#define FAIL(...)                                                    \
	do {                                                         \
		printf("  %s (line %d): ", testname, __LINE__);      \
		printf(__VA_ARGS__);                                 \
		printf("\n");                                        \
		exit(1);                                             \
	} while (0)

#define CHECK(cond, ...)                                             \
	do {                                                         \
		if (!(cond))                                         \
			FAIL(__VA_ARGS__);                           \
	} while (0)

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Absolute path of this program, for the exec tests (set in main). */
static char selfpath[MAXPATH];

/* argv[1] that makes usertests act as the target of the exec tests. */
#define EXEC_HELPER "-exec-helper"

/* Scratch buffers shared by the tests (each test runs in its own process). */
#define BUFSZ (8 * BSIZE)
static char buf[BUFSZ];
static char buf2[BUFSZ];

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

static uint64 freemem(void)
{
	struct sysinfo si;

	if (sysinfo(&si) < 0)
		FAIL("sysinfo failed");
	return si.freemem;
}

static int nprocs(void)
{
	struct sysinfo si;

	if (sysinfo(&si) < 0)
		FAIL("sysinfo failed");
	return (int)si.nproc;
}

/* A deterministic byte pattern: byte i of stream `seed`. */
static char pat(int seed, uint i)
{
	return (char)(seed * 131 + i * 7 + i / 253);
}

static void fill(char *p, int n, int seed, uint start)
{
	int i;

	for (i = 0; i < n; i++)
		p[i] = pat(seed, start + i);
}

/* Index of the first byte that differs from the pattern, or -1. */
static int check_fill(const char *p, int n, int seed, uint start)
{
	int i;

	for (i = 0; i < n; i++)
		if (p[i] != pat(seed, start + i))
			return i;
	return -1;
}

/* Create (or truncate) name and write n bytes to it. */
static void write_file(const char *name, const void *data, int n)
{
	int fd = open(name, O_CREATE | O_TRUNC | O_WRONLY);

	CHECK(fd >= 0, "cannot create %s", name);
	CHECK(write(fd, data, n) == n, "write to %s failed", name);
	close(fd);
}

/* Read up to max bytes of name; returns the count (-1 if it can't open). */
static int read_file(const char *name, void *out, int max)
{
	int fd = open(name, O_RDONLY), n, total = 0;

	if (fd < 0)
		return -1;
	while (total < max && (n = read(fd, (char *)out + total, max - total)) > 0)
		total += n;
	close(fd);
	return total;
}

static short file_type(const char *name)
{
	struct stat st;
	int fd = open(name, O_RDONLY | O_NOFOLLOW);

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) < 0)
		st.type = 0;
	close(fd);
	return st.type;
}

/* Write the decimal form of n into out (which must have room). */
static void fmt_int(int n, char *out)
{
	char tmp[12];
	int i = 0, neg = n < 0;
	uint u = neg ? -(uint)n : (uint)n;

	do {
		tmp[i++] = '0' + u % 10;
		u /= 10;
	} while (u);
	if (neg)
		*out++ = '-';
	while (i > 0)
		*out++ = tmp[--i];
	*out = 0;
}

/* out = prefix followed by the decimal n. */
static void numbered(char *out, const char *prefix, int n)
{
	int len = strlen(prefix);

	memmove(out, prefix, len);
	fmt_int(n, out + len);
}

/* Run fn in a child; return the child's wait status. */
static int run_child(void (*fn)(void))
{
	int pid, status = 12345;

	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0) {
		fn();
		exit(0);
	}
	CHECK(wait(&status) == pid, "wait returned the wrong pid");
	return status;
}

/* Parameter for the victim functions below (set before forking). */
static volatile uint64 victim_addr;

/* fn must get its process killed by the kernel: wait reports -1. */
static void expect_killed(void (*fn)(void), const char *what)
{
	int status = run_child(fn);

	CHECK(status == -1, "%s at %p: not killed (status %d)", what, (void *)victim_addr, status);
}

static void victim_read(void)
{
	volatile char c = *(volatile char *)victim_addr;

	(void)c;
}

static void victim_write(void)
{
	*(volatile char *)victim_addr = 'x';
}

/* Addresses no user pointer may reach; the last slot is set at run time. */
static uint64 kernel_addrs[] = {
	0xffffffffffffffffULL,     /* not even a valid Sv39 address */
	KERNBASE,                  /* start of RAM */
	KERNBASE + 0x200000,       /* the kernel's text */
	KERNBASE + 0x2000000,      /* kernel data / free pages */
	TRAPFRAME,                 /* mapped, but not for user mode */
	TRAMPOLINE,                /* mapped, but not for user mode */
	MAXVA,                     /* one past the top of user space */
	MAXVA + PGSIZE,
};

/* The first address past this process's memory, plus a page of margin. */
static uint64 past_end(void)
{
	return PGROUNDUP((uint64)sbrk(0)) + PGSIZE;
}

/* The lowest byte of the user stack (we run in its top page). */
static uint64 stack_bottom(void)
{
	volatile char here;

	return PGROUNDDOWN((uint64)&here) - (USERSTACK - 1) * PGSIZE;
}

/* ------------------------------------------------------------------ */
/* Processes: fork, exit, wait, kill, getpid                           */
/* ------------------------------------------------------------------ */

/* wait returns each child exactly once, with the status it passed to exit. */
static void test_forkwait(void)
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
static void test_exitstatus(void)
{
	static const int codes[] = { 0, 1, 42, 127, 255, 256, 12345, -7, -1000 };
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
static void test_getpid(void)
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

static void test_forkfork(void)
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
static void test_reparent(void)
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
static void test_exitwait(void)
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
	CHECK(freemem() == before, "memory leaked: %ld bytes",
	      (long)(before - freemem()));
}

/* kill of a sleeping, a spinning and a pipe-blocked child: wait says -1. */
static void test_kill(void)
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
static void test_sysinfo(void)
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
	CHECK(sysinfo((struct sysinfo *)0xffffffffffffffffULL) == -1, "sysinfo into a wild pointer");
}

/* uptime advances across sleep. */
static void test_uptime(void)
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

static void test_procinfo(void)
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

/* ------------------------------------------------------------------ */
/* Memory: copy-on-write fork, sbrk                                    */
/* ------------------------------------------------------------------ */

/*
 * After fork, parent and child each write their own copy of a region;
 * fork itself copies (almost) nothing; all pages come back afterwards.
 */
static void test_cow(void)
{
	enum { NPAGES = 64, SIZE = NPAGES * PGSIZE };
	int pid, status, tochild[2], toparent[2];
	uint64 f0, f1, f2;
	char *region, c;

	CHECK(pipe(tochild) == 0 && pipe(toparent) == 0, "pipe failed");
	region = sbrk(SIZE);
	CHECK(region != (char *)-1, "sbrk failed");
	fill(region, SIZE, 1, 0);

	f0 = freemem();
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0) {
		read(tochild[0], &c, 1);
		if (check_fill(region, SIZE, 1, 0) >= 0)
			exit(2); /* does not see the parent's data */
		fill(region, SIZE, 2, 0);
		if (check_fill(region, SIZE, 2, 0) >= 0)
			exit(3);
		write(toparent[1], "w", 1);
		read(tochild[0], &c, 1);
		if (check_fill(region, SIZE, 2, 0) >= 0)
			exit(4); /* the parent's writes leaked into our copy */
		exit(0);
	}
	f1 = freemem();
	close(tochild[0]);
	close(toparent[1]); /* so a dead child means EOF, not a hang */
	CHECK(f0 - f1 < SIZE, "fork used %lu bytes: memory was not shared", f0 - f1);
	write(tochild[1], "g", 1);
	CHECK(read(toparent[0], &c, 1) == 1, "child died early");
	CHECK(check_fill(region, SIZE, 1, 0) < 0, "child's writes showed up in the parent");
	fill(region, SIZE, 3, 0);
	write(tochild[1], "g", 1);
	CHECK(wait(&status) == pid, "wait failed");
	CHECK(status == 0, "child saw wrong data (status %d)", status);
	CHECK(check_fill(region, SIZE, 3, 0) < 0, "parent's data changed");
	f2 = freemem();
	CHECK(f2 == f0, "after the child exited free memory is %lu, was %lu", f2, f0);
	close(tochild[1]);
	close(toparent[0]);
	CHECK(sbrk(-SIZE) != (char *)-1, "sbrk shrink failed");
}

/*
 * The kernel writing into a shared page on the process's behalf (read()
 * into a copy-on-write buffer) must give the process its own copy, and a
 * write() from a shared page must read the right data.
 */
static void test_cowread(void)
{
	int pid, status, fd, p[2], sync[2], i;
	char c;

	fill(buf2, PGSIZE, 7, 0);
	write_file("data", buf2, PGSIZE);
	CHECK(pipe(p) == 0 && pipe(sync) == 0, "pipe failed");
	CHECK(write(p[1], "hello", 5) == 5, "pipe write failed");

	/* Child reads into the shared buffer; the parent's copy is untouched. */
	memset(buf, 'P', BUFSZ);
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0) {
		fd = open("data", O_RDONLY);
		if (fd < 0 || read(fd, buf + 100, PGSIZE) != PGSIZE)
			exit(2);
		close(fd);
		if (check_fill(buf + 100, PGSIZE, 7, 0) >= 0)
			exit(3);
		if (read(p[0], buf + BUFSZ - 3000, 5) != 5 || memcmp(buf + BUFSZ - 3000, "hello", 5))
			exit(4);
		for (i = 0; i < 100; i++)
			if (buf[i] != 'P')
				exit(5);
		/* write() from a page we share with nobody now, then from ours */
		fd = open("copy", O_CREATE | O_TRUNC | O_WRONLY);
		if (fd < 0 || write(fd, buf + 100, PGSIZE) != PGSIZE)
			exit(6);
		close(fd);
		exit(0);
	}
	CHECK(wait(&status) == pid, "wait failed");
	CHECK(status == 0, "child's read into a shared page went wrong (status %d)", status);
	for (i = 0; i < BUFSZ; i++)
		CHECK(buf[i] == 'P', "child's read() changed the parent's memory at %d", i);
	CHECK(read_file("copy", buf2, PGSIZE) == PGSIZE && check_fill(buf2, PGSIZE, 7, 0) < 0,
	      "write() from a copy-on-write page wrote the wrong data");

	/* Now the parent reads while a child holds the shared copy. */
	memset(buf, 'Q', BUFSZ);
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0) {
		read(sync[0], &c, 1);
		for (i = 0; i < BUFSZ; i++)
			if (buf[i] != 'Q')
				exit(7);
		exit(0);
	}
	fd = open("data", O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf + 10, PGSIZE) == PGSIZE, "read failed");
	close(fd);
	CHECK(check_fill(buf + 10, PGSIZE, 7, 0) < 0, "parent read wrong data");
	write(sync[1], "x", 1);
	CHECK(wait(&status) == pid, "wait failed");
	CHECK(status == 0, "parent's read() changed the child's memory");
	close(p[0]);
	close(p[1]);
	close(sync[0]);
	close(sync[1]);
	unlink("data");
	unlink("copy");
}

/* sbrk grows with zeroed memory, shrinks, and shrunk memory is gone. */
static void test_sbrkbasic(void)
{
	enum { N = 10 };
	char *a, *b;
	uint64 f0, f1, f2, top;
	int i;

	a = sbrk(0);
	f0 = freemem();
	b = sbrk(N * PGSIZE);
	CHECK(b == a, "sbrk returned %p, the break was %p", b, a);
	CHECK(sbrk(0) == a + N * PGSIZE, "break did not move by the amount asked");
	for (i = 0; i < N * PGSIZE; i++)
		CHECK(b[i] == 0, "new memory not zeroed at offset %d", i);
	memset(b, 0x5a, N * PGSIZE);
	f1 = freemem();
	CHECK(f0 - f1 >= N * PGSIZE, "growing by %d pages used only %lu bytes", N, f0 - f1);

	CHECK(sbrk(-(N / 2) * PGSIZE) == a + N * PGSIZE, "shrink returned the wrong old break");
	CHECK(sbrk(0) == a + (N / 2) * PGSIZE, "break wrong after shrinking");
	f2 = freemem();
	CHECK(f2 - f1 >= (N / 2) * PGSIZE, "shrinking gave back only %lu bytes", f2 - f1);
	CHECK(b[0] == 0x5a && b[(N / 2) * PGSIZE - 1] == 0x5a, "kept memory changed");

	/* Memory given back can no longer be touched. */
	top = PGROUNDUP((uint64)sbrk(0));
	victim_addr = top;
	expect_killed(victim_read, "read of memory released by sbrk");
	victim_addr = top + 2 * PGSIZE;
	expect_killed(victim_write, "write of memory released by sbrk");

	/* Growing again gives zeroed pages, not the old contents. */
	b = sbrk((N / 2) * PGSIZE);
	CHECK(b == a + (N / 2) * PGSIZE, "regrow returned the wrong old break");
	for (i = 0; i < (N / 2) * PGSIZE; i++)
		if ((uint64)(b + i) >= top)
			CHECK(b[i] == 0, "regrown memory not zeroed at %p", b + i);

	/* Odd sizes work too. */
	CHECK(sbrk(-N * PGSIZE) == a + N * PGSIZE, "shrink failed");
	CHECK(sbrk(1) == a && sbrk(0) == a + 1, "sbrk(1) failed");
	a[0] = 1;
	CHECK(sbrk(-1) == a + 1 && sbrk(0) == a, "sbrk(-1) failed");
}

/* Asks for impossible amounts fail (or the process dies cleanly). */
static void victim_huge(void)
{
	char *start = sbrk(0), *p;
	uint64 i;

	p = sbrk(0x7fffffff);
	if (p == (char *)-1) {
		if (sbrk(0) != start)
			exit(2); /* failure changed the size */
		exit(0);
	}
	/* Accepted lazily: touching it all must get us killed, not hang. */
	for (i = 0; i < 0x7fffffff; i += PGSIZE)
		p[i] = 1;
	exit(3); /* 2 GiB cannot exist here */
}

static void victim_gigs(void)
{
	char *start = sbrk(0), *p;
	int n;
	uint64 i, total;

	for (n = 0; n < 300; n++) {
		p = sbrk(1 << 30);
		if (p == (char *)-1)
			break;
	}
	if (n == 300)
		exit(2); /* 300 GiB is more than the address space */
	if (sbrk(0) != start + (uint64)n * (1 << 30))
		exit(3); /* the failing call changed the size */
	total = (uint64)n << 30;
	for (i = 0; i < total; i += PGSIZE)
		start[i] = 1;
	exit(0); /* only right if nothing was granted */
}

static void test_sbrkbad(void)
{
	char *start = sbrk(0);
	int status;

	status = run_child(victim_huge);
	CHECK(status == 0 || status == -1, "sbrk(0x7fffffff): status %d", status);
	status = run_child(victim_gigs);
	CHECK(status == 0 || status == -1, "repeated 1 GiB sbrk: status %d", status);

	/* Shrinking below zero is refused and changes nothing. */
	CHECK(sbrk(-((int)(uint64)start + PGSIZE)) == (char *)-1, "shrink past zero accepted");
	CHECK(sbrk(-0x7fffffff) == (char *)-1, "sbrk(-0x7fffffff) accepted");
	CHECK(sbrk(0) == start, "a refused sbrk changed the size");
	victim_addr = (uint64)start - 1;
	victim_read(); /* the last byte is still ours */
}

/* System calls on freshly grown memory work; on released memory they fail. */
static void test_sbrkargs(void)
{
	enum { SIZE = 3 * PGSIZE };
	char *start = sbrk(0), *w, *r;
	int *fds, fd;
	uint64 gone;

	w = sbrk(SIZE);
	r = sbrk(SIZE);
	fds = (int *)sbrk(PGSIZE);
	CHECK(w != (char *)-1 && r != (char *)-1 && fds != (int *)-1, "sbrk failed");
	fill(w, SIZE, 5, 0);
	write_file("f", w, SIZE);
	fd = open("f", O_RDONLY);
	CHECK(fd >= 0, "open failed");
	CHECK(read(fd, r, SIZE) == SIZE, "read into new memory failed");
	close(fd);
	CHECK(check_fill(r, SIZE, 5, 0) < 0, "data read into new memory is wrong");
	CHECK(pipe(fds) == 0, "pipe into new memory failed");
	close(fds[0]);
	close(fds[1]);

	CHECK(sbrk(-(2 * SIZE + PGSIZE)) != (char *)-1, "shrink failed");
	CHECK(sbrk(0) == start, "break not back where it started");
	gone = PGROUNDUP((uint64)start) + PGSIZE;
	fd = open("f", O_RDONLY);
	CHECK(fd >= 0, "open failed");
	CHECK(read(fd, (char *)gone, 10) == -1, "read into released memory accepted");
	close(fd);
	fd = open("f", O_WRONLY);
	CHECK(fd >= 0, "open failed");
	CHECK(write(fd, (char *)gone, 10) == -1, "write from released memory accepted");
	close(fd);
	CHECK(pipe((int *)gone) == -1, "pipe into released memory accepted");
	unlink("f");
}

/* ------------------------------------------------------------------ */
/* Isolation: faults kill only the faulting process                    */
/* ------------------------------------------------------------------ */

/* Reads and writes of kernel (and other non-user) addresses kill. */
static void test_kernmem(void)
{
	int i;

	for (i = 0; i < NELEM(kernel_addrs); i++) {
		victim_addr = kernel_addrs[i];
		expect_killed(victim_read, "read of a kernel address");
		expect_killed(victim_write, "write of a kernel address");
	}
}

/* Writing to our own program text kills; the text is unchanged after. */
static void test_textwrite(void)
{
	uint64 code = (uint64)&victim_read;
	char before[16];

	memmove(before, (void *)code, sizeof(before));
	victim_addr = code;
	expect_killed(victim_write, "write to program text");
	victim_addr = (uint64)&test_textwrite;
	expect_killed(victim_write, "write to program text");
	CHECK(memcmp(before, (void *)code, sizeof(before)) == 0, "program text changed");
}

/* A volatile frame that cannot be optimised away: runaway recursion. */
static int recurse(int depth)
{
	volatile char pad[200];
	int r;

	pad[0] = (char)depth;
	if (depth > 1000000)
		return pad[0];
	r = recurse(depth + 1);
	pad[1] = (char)r;
	return pad[0] + pad[1];
}

static void victim_recurse(void)
{
	recurse(0);
}

/* The page below the stack is a guard: touching it kills. */
static void test_stackguard(void)
{
	uint64 bottom = stack_bottom();
	int fd, status;

	victim_addr = bottom - 1;
	expect_killed(victim_read, "read just below the stack");
	expect_killed(victim_write, "write just below the stack");
	victim_addr = bottom - PGSIZE / 2;
	expect_killed(victim_write, "write into the stack guard");
	victim_addr = bottom - PGSIZE;
	expect_killed(victim_read, "read of the stack guard's first byte");

	/* The kernel refuses to copy into the guard, too. */
	fill(buf, 64, 1, 0);
	write_file("g", buf, 64);
	fd = open("g", O_RDONLY);
	CHECK(fd >= 0, "open failed");
	CHECK(read(fd, (char *)(bottom - PGSIZE / 2), 10) == -1, "read into the stack guard accepted");
	close(fd);
	unlink("g");

	status = run_child(victim_recurse);
	CHECK(status == -1, "stack overflow by recursion: status %d, expected -1", status);
}

/* ------------------------------------------------------------------ */
/* Bad arguments: every one fails with -1 and changes nothing          */
/* ------------------------------------------------------------------ */

/* Grow the break to a page boundary and return it. */
static char *aligned_end(void)
{
	char *end = sbrk(0);
	int pad = (int)(PGROUNDUP((uint64)end) - (uint64)end);

	if (pad)
		CHECK(sbrk(pad) == end, "sbrk failed");
	return sbrk(0);
}

/* Every call taking a pointer, given the bad pointer p. */
static void bad_pointer_calls(char *p, int rfd, int wfd, int lowest)
{
	struct stat st;
	int pid, status;

	CHECK(read(rfd, p, 10) == -1, "read into %p accepted", p);
	CHECK(write(wfd, p, 10) == -1, "write from %p accepted", p);
	CHECK(fstat(rfd, (struct stat *)p) == -1, "fstat into %p accepted", p);
	CHECK(open(p, O_RDONLY) == -1, "open of path %p accepted", p);
	CHECK(open(p, O_CREATE | O_RDWR) == -1, "create of path %p accepted", p);
	CHECK(pipe((int *)p) == -1, "pipe into %p accepted", p);
	CHECK(dup(0) == lowest, "a failed call left a descriptor open");
	close(lowest);
	CHECK(mkdir(p) == -1, "mkdir %p accepted", p);
	CHECK(unlink(p) == -1, "unlink %p accepted", p);
	CHECK(chdir(p) == -1, "chdir %p accepted", p);
	CHECK(link(p, "x") == -1 && link("data", p) == -1, "link with %p accepted", p);
	CHECK(symlink(p, "x") == -1 && symlink("data", p) == -1, "symlink with %p accepted", p);
	CHECK(mknod(p, CONSOLE, 0) == -1, "mknod %p accepted", p);
	CHECK(sysinfo((struct sysinfo *)p) == -1, "sysinfo into %p accepted", p);
	CHECK(procinfo((struct procinfo *)p, 1) == -1, "procinfo into %p accepted", p);
	CHECK(kstats((struct kstats *)p) == -1, "kstats into %p accepted", p);

	/* wait into a bad pointer fails and leaves the zombie to reap. */
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0)
		exit(5);
	sleep(1);
	CHECK(wait((int *)p) == -1, "wait into %p accepted", p);
	CHECK(wait(&status) == pid && status == 5, "failed wait lost the child");

	/* Nothing was created and the input file's offset did not move. */
	CHECK(open("x", O_RDONLY) == -1, "a failed call created a file");
	CHECK(fstat(wfd, &st) == 0 && st.size == 0, "a failed write changed the file");
}

/* exec with bad pointers, in a child (a wrong success runs the helper). */
static char *bad_exec_ptr;

static void bad_exec_calls(void)
{
	char *argv[4];

	argv[0] = "usertests";
	argv[1] = EXEC_HELPER;
	argv[2] = bad_exec_ptr;
	argv[3] = 0;
	if (exec(bad_exec_ptr, argv) != -1)
		exit(2);
	if (exec(selfpath, (char **)bad_exec_ptr) != -1)
		exit(3);
	if (exec(selfpath, argv) != -1)
		exit(4);
	exit(0);
}

static void test_badptr(void)
{
	int rfd, wfd, lowest, i, n, status;
	char *end, *p;

	fill(buf, 256, 3, 0);
	write_file("data", buf, 256);
	rfd = open("data", O_RDONLY);
	wfd = open("out", O_CREATE | O_TRUNC | O_WRONLY);
	CHECK(rfd >= 0 && wfd >= 0, "open failed");
	lowest = dup(0);
	CHECK(lowest >= 0, "dup failed");
	close(lowest);

	for (i = 0; i <= NELEM(kernel_addrs) + 1; i++) {
		if (i < NELEM(kernel_addrs))
			p = (char *)kernel_addrs[i];
		else if (i == NELEM(kernel_addrs))
			p = (char *)past_end();
		else
			p = (char *)(stack_bottom() - PGSIZE / 2); /* stack guard */
		bad_pointer_calls(p, rfd, wfd, lowest);
		bad_exec_ptr = p;
		status = run_child(bad_exec_calls);
		CHECK(status == 0, "exec with bad pointer %p: status %d", p, status);
	}

	/* Buffers that start in our memory and run past its end. */
	end = aligned_end();
	CHECK(read(rfd, end - 10, 20) == -1, "read running past the end accepted");
	CHECK(write(wfd, end - 10, 20) == -1, "write running past the end accepted");
	/* A path whose NUL would be past the end of memory. */
	memmove(end - 3, "abc", 3);
	CHECK(open(end - 3, O_CREATE | O_RDWR) == -1, "unterminated path accepted");
	CHECK(open("abc", O_RDONLY) == -1, "unterminated path created a file");

	/* None of the failures moved the offset or wrote anything. */
	n = read(rfd, buf2, 256);
	CHECK(n == 256 && check_fill(buf2, 256, 3, 0) < 0, "a failed read moved the file offset");
	close(rfd);
	close(wfd);
	CHECK(read_file("out", buf2, 16) == 0, "a failed write wrote data");
	unlink("data");
	unlink("out");
}

/* The kernel must not write into our read-only program text. */
static void test_readtext(void)
{
	char *code = (char *)(uint64)&victim_write;
	char before[32];
	int fd, p[2];

	memmove(before, code, sizeof(before));
	fill(buf, 64, 9, 0);
	write_file("t", buf, 64);
	fd = open("t", O_RDONLY);
	CHECK(fd >= 0, "open failed");
	CHECK(read(fd, code, sizeof(before)) == -1, "read() into program text accepted");
	CHECK(fstat(fd, (struct stat *)code) == -1, "fstat() into program text accepted");
	close(fd);
	CHECK(pipe((int *)code) == -1, "pipe() into program text accepted");
	CHECK(memcmp(before, code, sizeof(before)) == 0, "program text was modified");
	/* and the code still runs */
	victim_addr = (uint64)buf;
	victim_write();
	CHECK(buf[0] == 'x', "program text broken");
	/* write() *from* text is fine: it is readable */
	CHECK(pipe(p) == 0, "pipe failed");
	CHECK(write(p[1], code, 8) == 8, "write from program text failed");
	close(p[0]);
	close(p[1]);
	unlink("t");
}

/* Bad descriptors, wrong modes, negative lengths. */
static void test_badfd(void)
{
	static const int bad[] = { -1, NOFILE, NOFILE + 1, 1000, 1 << 30, -(1 << 30), 0 };
	int i, fd, rfd, wfd, p[2];
	struct stat st;

	fd = open("f", O_CREATE | O_RDWR);
	CHECK(fd >= 0, "create failed");
	CHECK(write(fd, "hello", 5) == 5, "write failed");
	close(fd);
	for (i = 0; i < NELEM(bad); i++) {
		int b = i == NELEM(bad) - 1 ? fd : bad[i]; /* last: a closed fd */

		CHECK(read(b, buf, 10) == -1, "read of fd %d accepted", b);
		CHECK(write(b, buf, 10) == -1, "write of fd %d accepted", b);
		CHECK(fstat(b, &st) == -1, "fstat of fd %d accepted", b);
		CHECK(dup(b) == -1, "dup of fd %d accepted", b);
		CHECK(close(b) == -1, "close of fd %d accepted", b);
	}

	rfd = open("f", O_RDONLY);
	wfd = open("f", O_WRONLY);
	CHECK(rfd >= 0 && wfd >= 0, "open failed");
	CHECK(write(rfd, "x", 1) == -1, "write to a read-only fd accepted");
	CHECK(read(wfd, buf, 1) == -1, "read of a write-only fd accepted");
	CHECK(read(rfd, buf, -1) == -1, "read with negative length accepted");
	CHECK(write(wfd, buf, -1) == -1, "write with negative length accepted");
	CHECK(read(rfd, buf, -4096) == -1, "read with negative length accepted");
	CHECK(read(rfd, buf, 0) == 0, "read of 0 bytes failed");
	CHECK(read(rfd, buf, 10) == 5 && memcmp(buf, "hello", 5) == 0, "failed calls disturbed the file");
	close(rfd);
	close(wfd);

	/* Directories cannot be written. */
	CHECK(open(".", O_WRONLY) == -1 && open(".", O_RDWR) == -1, "directory opened for writing");
	fd = open(".", O_RDONLY);
	CHECK(fd >= 0, "cannot open the directory for reading");
	CHECK(write(fd, "x", 1) == -1, "write to a directory accepted");
	close(fd);

	/* Each pipe end only works one way. */
	CHECK(pipe(p) == 0, "pipe failed");
	CHECK(write(p[0], "x", 1) == -1, "write to a pipe's read end accepted");
	CHECK(read(p[1], buf, 1) == -1, "read of a pipe's write end accepted");
	CHECK(write(p[1], buf, -1) == -1, "negative-length pipe write accepted");
	close(p[0]);
	close(p[1]);
	unlink("f");
}

/* A process can hold NOFILE descriptors, no more; failures leak none. */
static void test_fdlimit(void)
{
	int fds[NOFILE], n = 0, fd, highest = -1, i, p[2];

	for (;;) {
		fd = open("f", O_CREATE | O_RDWR);
		if (fd < 0)
			break;
		CHECK(n < NOFILE, "more than NOFILE descriptors open");
		fds[n++] = fd;
		if (fd > highest)
			highest = fd;
	}
	CHECK(highest == NOFILE - 1, "highest fd %d, expected %d", highest, NOFILE - 1);
	CHECK(dup(fds[0]) == -1, "dup with a full table accepted");
	CHECK(pipe(p) == -1, "pipe with a full table accepted");

	/* One free slot: a pipe still needs two, and must not keep the one. */
	close(fds[n - 1]);
	CHECK(pipe(p) == -1, "pipe with one free slot accepted");
	fd = open("f", O_RDWR);
	CHECK(fd == fds[n - 1], "the free slot was lost: got %d", fd);
	for (i = 0; i < n; i++)
		close(fds[i]);
	CHECK(pipe(p) == 0, "pipe failed after closing everything");
	close(p[0]);
	close(p[1]);
	unlink("f");
}

/* Unknown open() flag bits are refused, and nothing is created. */
static void test_openflags(void)
{
	static const int badflags[] = { 0x1000, 0x4000, 0x100000, 0x40000000, -1 };
	int i, fd;

	for (i = 0; i < NELEM(badflags); i++) {
		CHECK(open("nf", O_CREATE | O_RDWR | badflags[i]) == -1,
		      "open with flags %x accepted", O_CREATE | O_RDWR | badflags[i]);
		CHECK(open("nf", O_RDONLY) == -1, "refused open created a file");
	}
	CHECK((O_ALLFLAGS & 0x1000) == 0, "test assumes bit 0x1000 is unused");

	/* O_CREATE with O_RDONLY creates a readable empty file. */
	fd = open("nf", O_CREATE | O_RDONLY);
	CHECK(fd >= 0, "O_CREATE|O_RDONLY failed");
	CHECK(read(fd, buf, 10) == 0, "new file is not empty");
	CHECK(write(fd, "x", 1) == -1, "write through O_RDONLY accepted");
	close(fd);
	unlink("nf");
}

/* Bad paths: missing, through files, existing names, too long, . and .. */
static void test_badpath(void)
{
	write_file("file", "x", 1);
	CHECK(open("nonexistent", O_RDONLY) == -1, "open of a missing file");
	CHECK(open("file/x", O_RDONLY) == -1, "path through a file");
	CHECK(open("file/x", O_CREATE | O_RDWR) == -1, "create under a file");
	CHECK(mkdir("file/d") == -1, "mkdir under a file");
	CHECK(mkdir("nodir/d") == -1, "mkdir under a missing directory");
	CHECK(open("nodir/f", O_CREATE | O_RDWR) == -1, "create under a missing directory");
	CHECK(mkdir("file") == -1, "mkdir over a file");
	CHECK(mkdir("d") == 0, "mkdir failed");
	CHECK(mkdir("d") == -1, "mkdir of an existing directory");
	CHECK(open("d", O_CREATE | O_RDWR) == -1, "create over a directory");
	CHECK(link("file", "d") == -1, "link over an existing name");
	CHECK(link("file", "file") == -1, "link to itself");
	CHECK(link("d", "dlink") == -1, "hard link to a directory");
	CHECK(link("missing", "x") == -1, "link of a missing file");
	CHECK(link("file", "nodir/x") == -1, "link into a missing directory");
	CHECK(unlink("nonexistent") == -1, "unlink of a missing file");
	CHECK(unlink(".") == -1 && unlink("..") == -1, "unlink of . or ..");
	CHECK(unlink("d/.") == -1 && unlink("d/..") == -1, "unlink of d/. or d/..");
	CHECK(chdir("file") == -1, "chdir into a file");
	CHECK(chdir("nonexistent") == -1, "chdir into a missing directory");
	CHECK(symlink("file", "d") == -1, "symlink over an existing name");

	/* A path longer than MAXPATH is refused, not cut short. */
	memset(buf, 'a', MAXPATH + 20);
	buf[MAXPATH + 20] = 0;
	CHECK(open(buf, O_CREATE | O_RDWR) == -1, "overlong path accepted");
	CHECK(mkdir(buf) == -1, "overlong mkdir accepted");
	buf[DIRSIZ] = 0;
	CHECK(open(buf, O_RDONLY) == -1, "overlong path created a file");

	CHECK(unlink("d") == 0 && unlink("file") == 0, "cleanup failed");
	CHECK(open("dlink", O_RDONLY) == -1 && open("x", O_RDONLY) == -1, "a failed link left a name");
}

/* ------------------------------------------------------------------ */
/* File system                                                         */
/* ------------------------------------------------------------------ */

/* Absolute name of the test's own directory (set by the runner). */
static char testdir[16];

static void stat_ok(const char *name, struct stat *st)
{
	CHECK(stat(name, st) == 0, "stat %s failed", name);
}

/* Basic open/read/write/close, offsets, end of file, O_CREATE, O_TRUNC. */
static void test_fileio(void)
{
	static const int sizes[] = { 100, BSIZE + 7, 3 * BSIZE, 1 };
	int fd, fd2, i, n, total = 0, off;
	struct stat st;

	fd = open("f", O_CREATE | O_RDWR);
	CHECK(fd >= 0, "create failed");
	for (i = 0; i < NELEM(sizes); i++) {
		fill(buf, sizes[i], 4, total);
		CHECK(write(fd, buf, sizes[i]) == sizes[i], "write %d failed", i);
		total += sizes[i];
	}
	CHECK(fstat(fd, &st) == 0 && st.size == (uint64)total, "size %lu, expected %d", st.size, total);
	CHECK(read(fd, buf, 10) == 0, "read at the end of an O_RDWR file returned data");
	close(fd);

	/* Read back in odd-sized pieces. */
	fd = open("f", O_RDONLY);
	CHECK(fd >= 0, "open failed");
	for (off = 0; (n = read(fd, buf, 333)) > 0; off += n)
		CHECK(check_fill(buf, n, 4, off) < 0, "wrong data near offset %d", off);
	CHECK(n == 0 && off == total, "read %d bytes of %d", off, total);
	CHECK(read(fd, buf, 10) == 0, "second read at EOF returned data");

	/* O_CREATE on an existing file neither truncates nor fails. */
	fd2 = open("f", O_CREATE | O_WRONLY);
	CHECK(fd2 >= 0, "O_CREATE of an existing file failed");
	CHECK(write(fd2, "ABC", 3) == 3, "overwrite failed");
	close(fd2);
	stat_ok("f", &st);
	CHECK(st.size == (uint64)total, "O_CREATE changed the size to %lu", st.size);
	CHECK(read_file("f", buf, 5) == 5 && memcmp(buf, "ABC", 3) == 0, "overwrite not visible");
	CHECK(check_fill(buf + 3, 2, 4, 3) < 0, "overwrite went too far");

	/* O_TRUNC empties the file under another open descriptor. */
	fd2 = open("f", O_WRONLY | O_TRUNC);
	CHECK(fd2 >= 0, "O_TRUNC open failed");
	CHECK(fstat(fd2, &st) == 0 && st.size == 0, "O_TRUNC left %lu bytes", st.size);
	CHECK(read(fd, buf, 10) == 0, "reader still sees data after truncation");
	CHECK(write(fd2, "xyz", 3) == 3, "write after truncation failed");
	close(fd2);
	close(fd);
	CHECK(read_file("f", buf, 100) == 3 && memcmp(buf, "xyz", 3) == 0, "wrong data after truncation");

	/* O_RDWR: a read continues where the write stopped. */
	fd = open("f", O_RDWR);
	CHECK(fd >= 0, "O_RDWR open failed");
	CHECK(write(fd, "X", 1) == 1, "write failed");
	CHECK(read(fd, buf, 10) == 2 && buf[0] == 'y' && buf[1] == 'z', "shared read/write offset wrong");
	close(fd);
	CHECK(unlink("f") == 0, "unlink failed");
	CHECK(open("f", O_RDONLY) == -1, "file still there after unlink");
}

/* An unlinked file lives on while open; its name can be reused at once. */
static void test_unlinkopen(void)
{
	int fd, fd2;
	struct stat st;

	fill(buf, 2 * BSIZE, 6, 0);
	write_file("u", buf, 2 * BSIZE);
	fd = open("u", O_RDWR);
	CHECK(fd >= 0, "open failed");
	CHECK(unlink("u") == 0, "unlink of an open file failed");
	CHECK(open("u", O_RDONLY) == -1, "unlinked name still opens");
	CHECK(fstat(fd, &st) == 0 && st.nlink == 0, "nlink %d after unlink", st.nlink);
	CHECK(read(fd, buf2, 2 * BSIZE) == 2 * BSIZE, "read after unlink failed");
	CHECK(check_fill(buf2, 2 * BSIZE, 6, 0) < 0, "data changed after unlink");
	CHECK(write(fd, "more", 4) == 4, "write after unlink failed");

	fd2 = open("u", O_CREATE | O_RDWR);
	CHECK(fd2 >= 0, "could not reuse the name");
	CHECK(fstat(fd2, &st) == 0 && st.size == 0, "new file has the old contents");
	CHECK(write(fd2, "new", 3) == 3, "write failed");
	close(fd);
	close(fd2);
	CHECK(read_file("u", buf2, 10) == 3 && memcmp(buf2, "new", 3) == 0, "name points at the old file");
	CHECK(unlink("u") == 0, "unlink failed");
}

/* link() adds names for one inode; nlink counts them. */
static void test_linkcount(void)
{
	struct stat a, b;
	int fd;

	write_file("a", "hello", 5);
	stat_ok("a", &a);
	CHECK(a.type == T_FILE && a.nlink == 1, "new file: type %d nlink %d", a.type, a.nlink);
	CHECK(link("a", "b") == 0, "link failed");
	stat_ok("a", &a);
	stat_ok("b", &b);
	CHECK(a.nlink == 2 && b.nlink == 2, "nlink %d/%d after link", a.nlink, b.nlink);
	CHECK(a.ino == b.ino, "two links, two inodes");
	CHECK(mkdir("sub") == 0, "mkdir failed");
	CHECK(link("b", "sub/c") == 0, "link into a subdirectory failed");
	stat_ok("sub/c", &b);
	CHECK(b.nlink == 3 && b.ino == a.ino, "third link wrong");

	fd = open("b", O_WRONLY);
	CHECK(fd >= 0 && write(fd, "J", 1) == 1, "write through the second name failed");
	close(fd);
	CHECK(read_file("a", buf, 10) == 5 && memcmp(buf, "Jello", 5) == 0, "names do not share data");

	fd = open("sub/c", O_RDONLY);
	CHECK(fd >= 0, "open failed");
	CHECK(unlink("a") == 0, "unlink failed");
	stat_ok("b", &b);
	CHECK(b.nlink == 2, "nlink %d after one unlink", b.nlink);
	CHECK(unlink("b") == 0 && unlink("sub/c") == 0, "unlink failed");
	CHECK(fstat(fd, &b) == 0 && b.nlink == 0, "nlink %d with no names", b.nlink);
	CHECK(read(fd, buf, 10) == 5, "data gone while still open");
	close(fd);
	CHECK(unlink("sub") == 0, "unlink of the emptied directory failed");
}

/* Count the used entries of a directory; check that `name` is one. */
static int count_entries(const char *dir, const char *name, int *found)
{
	struct dirent de;
	char nm[DIRSIZ + 1];
	int fd, n = 0;

	*found = 0;
	fd = open(dir, O_RDONLY);
	CHECK(fd >= 0, "cannot open directory %s", dir);
	while (read(fd, &de, sizeof(de)) == sizeof(de)) {
		if (de.inum == 0)
			continue;
		memmove(nm, de.name, DIRSIZ);
		nm[DIRSIZ] = 0;
		if (name && strcmp(nm, name) == 0)
			*found = 1;
		n++;
	}
	close(fd);
	return n;
}

/* mkdir, chdir, "." and "..", relative and absolute paths. */
static void test_dirs(void)
{
	struct stat d1, other, root;
	int found;

	CHECK(mkdir("d1") == 0 && chdir("d1") == 0, "mkdir/chdir failed");
	CHECK(mkdir("d2") == 0, "nested mkdir failed");
	write_file("d2/f", "abc", 3);
	CHECK(chdir("d2") == 0, "chdir d2 failed");
	CHECK(read_file("f", buf, 10) == 3, "relative open failed");
	CHECK(read_file("../d2/f", buf, 10) == 3, "../d2/f failed");
	CHECK(read_file("../../d1/d2/./f", buf, 10) == 3, "../../d1/d2/./f failed");
	CHECK(chdir("../..") == 0, "chdir ../.. failed");
	CHECK(read_file("d1/../d1/d2/f", buf, 10) == 3, "d1/../d1/d2/f failed");
	memmove(buf2, testdir, strlen(testdir));
	strcpy(buf2 + strlen(testdir), "/d1/d2/f");
	CHECK(read_file(buf2, buf, 10) == 3, "absolute path %s failed", buf2);

	stat_ok("d1", &d1);
	CHECK(d1.type == T_DIR, "directory has type %d", d1.type);
	CHECK(d1.size % sizeof(struct dirent) == 0, "directory size %lu", d1.size);
	stat_ok("d1/.", &other);
	CHECK(other.ino == d1.ino, "d1/. is not d1");
	stat_ok("d1/d2/..", &other);
	CHECK(other.ino == d1.ino, "d1/d2/.. is not d1");
	stat_ok("/", &root);
	CHECK(root.ino == ROOTINO && root.type == T_DIR, "/ is inode %d", root.ino);
	stat_ok("/..", &other);
	CHECK(other.ino == ROOTINO, "/.. is not /");

	CHECK(count_entries("d1", "d2", &found) == 3 && found, "d1 should hold . .. d2");
	CHECK(count_entries("d1", "..", &found) == 3 && found, "d1 has no ..");

	CHECK(unlink("d1") == -1, "unlink of a non-empty directory");
	CHECK(unlink("d1/d2") == -1, "unlink of a non-empty directory");
	CHECK(unlink("d1/d2/f") == 0, "unlink failed");
	CHECK(unlink("d1/d2") == 0, "unlink of an empty directory failed");
	CHECK(count_entries("d1", 0, &found) == 2, "d1 not empty after removing d2");
	CHECK(unlink("d1") == 0, "unlink failed");
	CHECK(chdir("d1") == -1, "chdir into a removed directory");
}

/* A directory with hundreds of entries: files and hard links. */
static void test_bigdir(void)
{
	enum { N = 300 };
	char name[16];
	int i, fd, found;
	struct stat st;

	CHECK(mkdir("big") == 0 && chdir("big") == 0, "mkdir failed");
	write_file("target", "t", 1);
	for (i = 0; i < N; i++) {
		numbered(name, "e", i);
		if (i % 2) {
			CHECK(link("target", name) == 0, "link %s failed", name);
		} else {
			fd = open(name, O_CREATE | O_WRONLY);
			CHECK(fd >= 0, "create %s failed", name);
			close(fd);
		}
	}
	CHECK(count_entries(".", "e299", &found) == N + 3 && found, "wrong number of entries");
	stat_ok("target", &st);
	CHECK(st.nlink == 1 + N / 2, "target nlink %d, expected %d", st.nlink, 1 + N / 2);
	for (i = N - 1; i >= 0; i--) {
		numbered(name, "e", i);
		stat_ok(name, &st);
		CHECK(st.type == T_FILE, "%s has type %d", name, st.type);
		CHECK(unlink(name) == 0, "unlink %s failed", name);
	}
	CHECK(unlink("target") == 0, "unlink failed");
	CHECK(count_entries(".", 0, &found) == 2, "directory not empty after removing all");
	CHECK(chdir("..") == 0 && unlink("big") == 0, "cleanup failed");
}

/* More live inodes over time than the kernel's inode table holds. */
static void test_irefs(void)
{
	enum { DEPTH = NINODE + 10, NFILES = 2 * NINODE };
	char name[16];
	int i, fd;

	/* A chain deeper than the inode table, walked down and back up. */
	for (i = 0; i < DEPTH; i++) {
		CHECK(mkdir("i") == 0, "mkdir at depth %d failed", i);
		CHECK(chdir("i") == 0, "chdir at depth %d failed", i);
		write_file("f", "x", 1);
	}
	for (i = 0; i < DEPTH; i++) {
		CHECK(unlink("f") == 0, "unlink at depth %d failed", DEPTH - i);
		CHECK(chdir("..") == 0, "chdir .. failed");
		CHECK(unlink("i") == 0, "rmdir at depth %d failed", DEPTH - i);
	}

	/* Many files, each opened and closed in turn. */
	for (i = 0; i < NFILES; i++) {
		numbered(name, "n", i);
		write_file(name, name, strlen(name));
	}
	for (i = 0; i < NFILES; i++) {
		numbered(name, "n", i);
		fd = open(name, O_RDONLY);
		CHECK(fd >= 0, "reopen %s failed", name);
		CHECK(read(fd, buf, 16) == (int)strlen(name) && memcmp(buf, name, strlen(name)) == 0,
		      "%s has the wrong contents", name);
		close(fd);
		CHECK(unlink(name) == 0, "unlink %s failed", name);
	}
}

/* dup and fork share one file offset; closing a dup keeps the other. */
static void test_dupoffset(void)
{
	int fd, fd2, pid, status;

	fd = open("d", O_CREATE | O_RDWR);
	CHECK(fd >= 0, "create failed");
	fd2 = dup(fd);
	CHECK(fd2 == fd + 1, "dup returned %d, not the lowest free fd %d", fd2, fd + 1);
	CHECK(write(fd, "abc", 3) == 3 && write(fd2, "def", 3) == 3, "write failed");
	close(fd);
	CHECK(write(fd2, "ghi", 3) == 3, "write after closing the other dup failed");
	close(fd2);
	CHECK(read_file("d", buf, 20) == 9 && memcmp(buf, "abcdefghi", 9) == 0, "dups do not share the offset");

	fd = open("d", O_RDONLY);
	fd2 = dup(fd);
	CHECK(read(fd, buf, 3) == 3 && read(fd2, buf + 3, 3) == 3, "read failed");
	CHECK(memcmp(buf, "abcdef", 6) == 0, "dup'ed readers do not share the offset");
	close(fd);
	close(fd2);

	/* Parent and child share the descriptor's offset too. */
	fd = open("s", O_CREATE | O_WRONLY);
	CHECK(fd >= 0, "create failed");
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0) {
		write(fd, "child ", 6);
		exit(0);
	}
	CHECK(wait(&status) == pid && status == 0, "child failed");
	CHECK(write(fd, "parent", 6) == 6, "write failed");
	close(fd);
	CHECK(read_file("s", buf, 20) == 12 && memcmp(buf, "child parent", 12) == 0,
	      "fork does not share the offset");
	unlink("d");
	unlink("s");
}

/* fstat and stat fill in every field. */
static void test_fstat(void)
{
	struct stat st, st2, dir;
	int fd;

	write_file("f", buf, 1234);
	fd = open("f", O_RDONLY);
	CHECK(fd >= 0, "open failed");
	CHECK(fstat(fd, &st) == 0, "fstat failed");
	CHECK(st.type == T_FILE, "type %d", st.type);
	CHECK(st.size == 1234, "size %lu", st.size);
	CHECK(st.nlink == 1, "nlink %d", st.nlink);
	CHECK(st.ino > ROOTINO, "ino %d", st.ino);
	close(fd);
	stat_ok("f", &st2);
	CHECK(st2.ino == st.ino && st2.dev == st.dev && st2.size == st.size, "stat and fstat disagree");
	stat_ok(".", &dir);
	CHECK(dir.type == T_DIR && dir.dev == st.dev && dir.ino != st.ino, "directory fields wrong");
	write_file("g", "", 0);
	stat_ok("g", &st2);
	CHECK(st2.ino != st.ino && st2.size == 0, "second file fields wrong");
	unlink("f");
	unlink("g");
}

/* mknod makes a device file; a device without a driver cannot be used. */
static void test_mknod(void)
{
	struct stat st;
	int fd;

	CHECK(mknod("cons", CONSOLE, 0) == 0, "mknod failed");
	stat_ok("cons", &st);
	CHECK(st.type == T_DEVICE && st.nlink == 1, "device type %d nlink %d", st.type, st.nlink);
	fd = open("cons", O_WRONLY);
	CHECK(fd >= 0, "open of the console device failed");
	CHECK(write(fd, buf, 0) == 0, "zero-length console write failed");
	close(fd);
	CHECK(mknod("cons", CONSOLE, 0) == -1, "mknod over an existing name");

	/* No driver: either mknod refuses, or open/read/write do. */
	if (mknod("nodev", NDEV, 0) == 0) {
		fd = open("nodev", O_RDWR);
		if (fd >= 0) {
			CHECK(read(fd, buf, 1) == -1 && write(fd, buf, 1) == -1,
			      "a device with no driver was usable");
			close(fd);
		}
		CHECK(unlink("nodev") == 0, "unlink failed");
	}
	CHECK(unlink("cons") == 0, "unlink of a device failed");
}

/* Symbolic links: followed by open, not with O_NOFOLLOW, loops fail. */
static void test_symlink(void)
{
	struct stat st, target;
	char name[16], prev[16];
	int fd, i;

	write_file("target", "data!", 5);
	stat_ok("target", &target);
	CHECK(symlink("target", "ln") == 0, "symlink failed");
	CHECK(read_file("ln", buf, 10) == 5 && memcmp(buf, "data!", 5) == 0, "open did not follow the link");
	stat_ok("ln", &st);
	CHECK(st.type == T_FILE && st.ino == target.ino, "stat did not follow the link");

	fd = open("ln", O_RDONLY | O_NOFOLLOW);
	CHECK(fd >= 0, "O_NOFOLLOW open failed");
	CHECK(fstat(fd, &st) == 0 && st.type == T_SYMLINK, "O_NOFOLLOW opened type %d", st.type);
	CHECK(st.ino != target.ino, "link and target share an inode");
	CHECK(read(fd, buf, 20) == 6 && memcmp(buf, "target", 6) == 0, "link does not hold its target path");
	close(fd);

	fd = open("ln", O_WRONLY);
	CHECK(fd >= 0 && write(fd, "D", 1) == 1, "write through the link failed");
	close(fd);
	CHECK(read_file("target", buf, 10) == 5 && buf[0] == 'D', "write did not reach the target");

	/* Loops and dangling links fail; the links themselves still open. */
	CHECK(symlink("l2", "l1") == 0 && symlink("l1", "l2") == 0, "symlink failed");
	CHECK(open("l1", O_RDONLY) == -1, "a symlink loop opened");
	CHECK(symlink("self", "self") == 0, "symlink failed");
	CHECK(open("self", O_RDONLY) == -1, "a self-referencing link opened");
	CHECK(symlink("missing", "dang") == 0, "dangling symlink failed");
	CHECK(open("dang", O_RDONLY) == -1, "a dangling link opened");
	fd = open("dang", O_RDONLY | O_NOFOLLOW);
	CHECK(fd >= 0, "O_NOFOLLOW on a dangling link failed");
	close(fd);

	/* Chains: short ones are followed, ones longer than MAXSYMLINKS fail. */
	strcpy(prev, "target");
	for (i = 0; i < MAXSYMLINKS + 2; i++) {
		numbered(name, "c", i);
		CHECK(symlink(prev, name) == 0, "symlink %s failed", name);
		if (i == MAXSYMLINKS - 3)
			CHECK(read_file(name, buf, 10) == 5, "chain of %d links not followed", i + 1);
		strcpy(prev, name);
	}
	CHECK(open(prev, O_RDONLY) == -1, "a chain of %d links was followed", MAXSYMLINKS + 2);

	/* Absolute targets and directories work; unlink removes only the link. */
	memmove(buf2, testdir, strlen(testdir));
	strcpy(buf2 + strlen(testdir), "/target");
	CHECK(symlink(buf2, "abs") == 0 && read_file("abs", buf, 10) == 5, "absolute symlink failed");
	CHECK(mkdir("dir") == 0 && symlink("dir", "dl") == 0, "symlink to a directory failed");
	stat_ok("dl", &st);
	CHECK(st.type == T_DIR, "link to a directory opens type %d", st.type);
	CHECK(unlink("ln") == 0, "unlink of a link failed");
	CHECK(read_file("target", buf, 10) == 5, "unlinking the link removed the target");

	for (i = 0; i < MAXSYMLINKS + 2; i++) {
		numbered(name, "c", i);
		unlink(name);
	}
	unlink("l1");
	unlink("l2");
	unlink("self");
	unlink("dang");
	unlink("abs");
	unlink("dl");
	unlink("dir");
	unlink("target");
}

/* Write nbytes of pattern to name, check size, read back, remove. */
static void file_roundtrip(const char *name, uint nbytes)
{
	uint off;
	int fd, n, chunk;
	struct stat st;

	fd = open(name, O_CREATE | O_TRUNC | O_WRONLY);
	CHECK(fd >= 0, "create failed");
	for (off = 0; off < nbytes; off += n) {
		n = nbytes - off < BUFSZ ? nbytes - off : BUFSZ;
		fill(buf, n, 11, off);
		CHECK(write(fd, buf, n) == n, "write failed at offset %d", off);
	}
	close(fd);
	stat_ok(name, &st);
	CHECK(st.size == nbytes, "size %lu, expected %d", st.size, nbytes);

	/* Odd chunk sizes so that reads straddle block boundaries. */
	fd = open(name, O_RDONLY);
	CHECK(fd >= 0, "open failed");
	chunk = BUFSZ - 123;
	for (off = 0; (n = read(fd, buf, chunk)) > 0; off += n) {
		int bad = check_fill(buf, n, 11, off);

		CHECK(bad < 0, "wrong data at offset %d (block %d)", off + bad, (off + bad) / BSIZE);
	}
	CHECK(n == 0 && off == nbytes, "read back %d of %d bytes", off, nbytes);
	close(fd);
	CHECK(unlink(name) == 0, "unlink failed");
}

/* A file reaching into the double-indirect block. */
static void test_dindirect(void)
{
	file_roundtrip("dind", (NDIRECT + NINDIRECT + 20) * BSIZE);
}

/* A file of several MiB. */
static void test_bigfile(void)
{
	file_roundtrip("bigfile", 6 * 1024 * 1024);
}

/* ------------------------------------------------------------------ */
/* exec                                                                */
/* ------------------------------------------------------------------ */

/* The i'th argument the exec tests pass (varied lengths). */
static void expected_arg(int i, char *out)
{
	int len;

	numbered(out, "arg", i);
	len = strlen(out);
	memset(out + len, 'x', i % 9);
	out[len + i % 9] = 0;
}

/* usertests -exec-helper ARGS...: check the arguments, exit with argc. */
static void exec_helper(int argc, char *argv[])
{
	char want[32];
	int i;
	char *p;

	if (strcmp(argv[0], "usertests") != 0)
		exit(100);
	for (i = 2; i < argc; i++) {
		expected_arg(i, want);
		if (strcmp(argv[i], want) != 0)
			exit(100 + i);
	}
	if (argv[argc] != 0)
		exit(99);
	/* The new image has a working heap. */
	p = sbrk(PGSIZE);
	if (p == (char *)-1)
		exit(98);
	p[PGSIZE - 1] = 1;
	exit(argc);
}

static char argstore[MAXARG + 2][32];
static char *exec_argv[MAXARG + 3];

/* exec path with nargs argv entries (in a child); returns its status. */
static int exec_child(const char *path, int nargs)
{
	int i, pid, status;

	exec_argv[0] = "usertests";
	exec_argv[1] = EXEC_HELPER;
	for (i = 2; i < nargs; i++) {
		expected_arg(i, argstore[i]);
		exec_argv[i] = argstore[i];
	}
	exec_argv[nargs] = 0;
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0) {
		i = exec(path, exec_argv);
		exit(i == -1 ? 77 : 78);
	}
	CHECK(wait(&status) == pid, "wait failed");
	return status;
}

/* exec passes its arguments; up to MAXARG of them, more is refused. */
static void test_execargs(void)
{
	static const int counts[] = { 2, 3, 10, MAXARG - 1, MAXARG };
	int i, status;

	for (i = 0; i < NELEM(counts); i++) {
		status = exec_child(selfpath, counts[i]);
		CHECK(status != 77, "exec of %s with %d arguments failed", selfpath, counts[i]);
		CHECK(status == counts[i], "exec with %d arguments: helper said %d", counts[i], status);
	}
	status = exec_child(selfpath, MAXARG + 1);
	CHECK(status == 77, "exec with MAXARG+1 arguments was not refused (status %d)", status);
}

/* Broken executables are built from kernel/elf.h's layouts. */
/* The ways an executable can be broken; each must make exec return -1. */
enum {
	BADELF_PHOFF,     /* program headers beyond the end of the file */
	BADELF_FILESZ,    /* segment's file size bigger than its memory size */
	BADELF_WRAP,      /* vaddr + memsz wraps around */
	BADELF_SHORT,     /* segment data runs past the end of the file */
	BADELF_HUGE,      /* 1 TiB segment */
	BADELF_TOP,       /* segment over the trap frame / trampoline */
	BADELF_PHNUM,     /* 65535 program headers, file has one */
	BADELF_TRUNC,     /* file stops inside the ELF header */
	BADELF_COUNT
};

static void write_bad_elf(const char *name, int how)
{
	static struct {
		struct elfhdr h;
		struct proghdr ph;
		uint32 code[16];
	} img;
	int len = sizeof(img);

	memset(&img, 0, sizeof(img));
	img.h.magic = ELF_MAGIC;
	img.h.ident[EI_CLASS - 4] = ELFCLASS64;
	img.h.ident[EI_DATA - 4] = ELFDATA2LSB;
	img.h.ident[EI_VERSION - 4] = EV_CURRENT;
	img.h.type = ET_EXEC;
	img.h.machine = EM_RISCV;
	img.h.version = EV_CURRENT;
	img.h.entry = 0;
	img.h.phoff = sizeof(img.h);
	img.h.ehsize = sizeof(img.h);
	img.h.phentsize = sizeof(img.ph);
	img.h.phnum = 1;
	img.ph.type = PT_LOAD;
	img.ph.flags = PF_R | PF_X;
	img.ph.off = 0;
	img.ph.vaddr = 0;
	img.ph.filesz = sizeof(img);
	img.ph.memsz = PGSIZE;
	img.ph.align = PGSIZE;

	switch (how) {
	case BADELF_PHOFF:
		img.h.phoff = 4 * PGSIZE;
		break;
	case BADELF_FILESZ:
		img.ph.memsz = img.ph.filesz - 8;
		break;
	case BADELF_WRAP:
		img.ph.vaddr = 0xfffffffffffff000ULL;
		img.ph.memsz = 2 * PGSIZE;
		img.ph.filesz = 0;
		break;
	case BADELF_SHORT:
		img.ph.filesz = 100 * PGSIZE;
		img.ph.memsz = 100 * PGSIZE;
		break;
	case BADELF_HUGE:
		img.ph.memsz = 1ULL << 40;
		break;
	case BADELF_TOP:
		img.ph.vaddr = TRAPFRAME;
		img.ph.filesz = 0;
		break;
	case BADELF_PHNUM:
		img.h.phnum = 0xffff;
		break;
	case BADELF_TRUNC:
		len = 40;
		break;
	}
	write_file(name, &img, len);
}

/* Broken files fail exec with -1, and the caller's memory is intact. */
static void test_execbad(void)
{
	char *argv[3], *heap, *brk0;
	int i, status;
	volatile int onstack = 0x1234abcd;

	heap = sbrk(2 * PGSIZE);
	CHECK(heap != (char *)-1, "sbrk failed");
	fill(heap, 2 * PGSIZE, 12, 0);
	fill(buf, BUFSZ, 13, 0);
	brk0 = sbrk(0);
	argv[0] = "bad";
	argv[1] = "arg";
	argv[2] = 0;

	write_file("text", "#!/bin/sh\necho this is not ELF\n", 31);
	write_file("empty", "", 0);
	CHECK(mkdir("dir") == 0 && symlink("text", "sl") == 0, "setup failed");
	CHECK(exec("text", argv) == -1, "exec of a text file");
	CHECK(exec("empty", argv) == -1, "exec of an empty file");
	CHECK(exec("dir", argv) == -1, "exec of a directory");
	CHECK(exec("sl", argv) == -1, "exec of a link to a text file");
	CHECK(exec("missing", argv) == -1, "exec of a missing file");
	for (i = 0; i < BADELF_COUNT; i++) {
		write_bad_elf("bad", i);
		CHECK(exec("bad", argv) == -1, "exec of broken ELF #%d", i);
		CHECK(sbrk(0) == brk0, "failed exec changed the size");
		CHECK(check_fill(heap, 2 * PGSIZE, 12, 0) < 0, "failed exec changed the heap");
		CHECK(check_fill(buf, BUFSZ, 13, 0) < 0, "failed exec changed static data");
		CHECK(onstack == 0x1234abcd, "failed exec changed the stack");
	}
	/* And a good exec still works afterwards. */
	status = exec_child(selfpath, 4);
	CHECK(status == 4, "exec after failures: status %d", status);
	unlink("text");
	unlink("empty");
	unlink("sl");
	unlink("dir");
	unlink("bad");
}

/* A copy of this program, written with write(), runs; so does a symlink. */
static void test_execcopy(void)
{
	int in, out, n, status;

	in = open(selfpath, O_RDONLY);
	CHECK(in >= 0, "cannot open %s", selfpath);
	out = open("copy", O_CREATE | O_TRUNC | O_WRONLY);
	CHECK(out >= 0, "create failed");
	while ((n = read(in, buf, BUFSZ - 11)) > 0)
		CHECK(write(out, buf, n) == n, "write failed");
	CHECK(n == 0, "read of %s failed", selfpath);
	close(in);
	close(out);
	status = exec_child("copy", 5);
	CHECK(status == 5, "exec of the copy: status %d", status);
	CHECK(symlink(selfpath, "link") == 0, "symlink failed");
	status = exec_child("link", 3);
	CHECK(status == 3, "exec through a symlink: status %d", status);
	unlink("copy");
	unlink("link");
}

/* ------------------------------------------------------------------ */
/* Pipes                                                               */
/* ------------------------------------------------------------------ */

/* Many writes of odd sizes arrive intact and in order; then EOF. */
static void test_pipedata(void)
{
	static const int wsizes[] = { 1, 7, 100, 511, 512, 513, 1000, 3000 };
	static const int rsizes[] = { 13, 700, 1, 4096, 64 };
	enum { TOTAL = 40000 };
	int p[2], pid, status, off, n, i;

	CHECK(pipe(p) == 0, "pipe failed");
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0) {
		close(p[0]);
		for (off = 0, i = 0; off < TOTAL; off += n, i++) {
			n = wsizes[i % NELEM(wsizes)];
			if (n > TOTAL - off)
				n = TOTAL - off;
			fill(buf, n, 14, off);
			if (write(p[1], buf, n) != n)
				exit(2);
		}
		exit(0);
	}
	close(p[1]);
	for (off = 0, i = 0; (n = read(p[0], buf2, rsizes[i % NELEM(rsizes)])) > 0; off += n, i++) {
		int bad = check_fill(buf2, n, 14, off);

		CHECK(bad < 0, "wrong byte at offset %d", off + bad);
	}
	CHECK(n == 0, "read failed");
	CHECK(off == TOTAL, "got %d bytes, expected %d", off, TOTAL);
	CHECK(read(p[0], buf2, 1) == 0, "no EOF the second time");
	close(p[0]);
	CHECK(wait(&status) == pid && status == 0, "writer failed");
}

/* Writing with no reader fails at once, also for a writer already blocked. */
static void test_pipenoreader(void)
{
	int p[2], pid, status, i;

	CHECK(pipe(p) == 0, "pipe failed");
	close(p[0]);
	CHECK(write(p[1], "x", 1) == -1, "write with no reader did not fail");
	close(p[1]);

	CHECK(pipe(p) == 0, "pipe failed");
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0) {
		close(p[0]);
		for (i = 0; i < 1024; i++) /* far more than a pipe holds */
			if (write(p[1], buf, BSIZE) == -1)
				exit(0);
		exit(1);
	}
	close(p[1]);
	CHECK(read(p[0], buf, 100) > 0, "nothing written");
	sleep(2);
	close(p[0]);
	CHECK(wait(&status) == pid, "wait failed");
	CHECK(status == 0, "blocked writer was not told the reader left");
}

/* Several writers into one pipe: no byte is lost or duplicated. */
static void test_pipewriters(void)
{
	enum { NW = 5, PER = 3000 };
	int p[2], w, i, n, pid, status, counts[NW], total = 0;
	uint64 rng = 12345;

	CHECK(pipe(p) == 0, "pipe failed");
	for (w = 0; w < NW; w++) {
		pid = fork();
		CHECK(pid >= 0, "fork failed");
		if (pid == 0) {
			close(p[0]);
			memset(buf, 'A' + w, sizeof(buf));
			for (i = 0; i < PER; i += n) {
				rng = rng * 6364136223846793005ULL + 1442695040888963407ULL + w;
				n = 1 + (int)((rng >> 33) % 200);
				if (n > PER - i)
					n = PER - i;
				if (write(p[1], buf, n) != n)
					exit(2);
			}
			exit(0);
		}
		counts[w] = 0;
	}
	close(p[1]);
	while ((n = read(p[0], buf2, 777)) > 0) {
		for (i = 0; i < n; i++) {
			w = buf2[i] - 'A';
			CHECK(w >= 0 && w < NW, "stray byte %d in the pipe", buf2[i]);
			counts[w]++;
		}
		total += n;
	}
	close(p[0]);
	for (w = 0; w < NW; w++) {
		CHECK(wait(&status) > 0 && status == 0, "a writer failed");
		CHECK(counts[w] == PER, "writer %d: %d bytes arrived, expected %d", w, counts[w], PER);
	}
	CHECK(total == NW * PER, "total %d", total);
}

/* ------------------------------------------------------------------ */
/* Concurrency                                                         */
/* ------------------------------------------------------------------ */

/* Parent and child write through one descriptor: nothing is lost. */
static void test_sharedfd(void)
{
	enum { N = 500, LEN = 10 };
	int fd, pid, status, i, n, nc = 0, np = 0;
	char c;

	fd = open("shared", O_CREATE | O_TRUNC | O_RDWR);
	CHECK(fd >= 0, "create failed");
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	c = pid == 0 ? 'c' : 'p';
	memset(buf, c, LEN);
	for (i = 0; i < N; i++)
		if (write(fd, buf, LEN) != LEN) {
			if (pid == 0)
				exit(2);
			FAIL("write failed");
		}
	if (pid == 0)
		exit(0);
	CHECK(wait(&status) == pid && status == 0, "child failed");
	close(fd);
	fd = open("shared", O_RDONLY);
	CHECK(fd >= 0, "open failed");
	while ((n = read(fd, buf, BUFSZ)) > 0)
		for (i = 0; i < n; i++) {
			if (buf[i] == 'c')
				nc++;
			else if (buf[i] == 'p')
				np++;
			else
				FAIL("stray byte in the shared file");
		}
	close(fd);
	CHECK(nc == N * LEN && np == N * LEN, "%d child bytes, %d parent bytes, expected %d each",
	      nc, np, N * LEN);
	unlink("shared");
}

/* Several processes each write and check their own file at the same time. */
static void test_concfiles(void)
{
	enum { NP = 4, SIZE = 24 * BSIZE, CHUNK = 500 };
	char name[8];
	int i, pid, status, fd, off, n;

	for (i = 0; i < NP; i++) {
		pid = fork();
		CHECK(pid >= 0, "fork failed");
		if (pid == 0) {
			numbered(name, "cf", i);
			fd = open(name, O_CREATE | O_TRUNC | O_WRONLY);
			if (fd < 0)
				exit(2);
			for (off = 0; off < SIZE; off += CHUNK) {
				n = SIZE - off < CHUNK ? SIZE - off : CHUNK;
				fill(buf, n, 20 + i, off);
				if (write(fd, buf, n) != n)
					exit(3);
			}
			close(fd);
			exit(0);
		}
	}
	for (i = 0; i < NP; i++) {
		CHECK(wait(&status) > 0, "wait failed");
		CHECK(status == 0, "a writer failed with status %d", status);
	}
	for (i = 0; i < NP; i++) {
		numbered(name, "cf", i);
		fd = open(name, O_RDONLY);
		CHECK(fd >= 0, "open failed");
		for (off = 0; (n = read(fd, buf, BUFSZ)) > 0; off += n)
			CHECK(check_fill(buf, n, 20 + i, off) < 0, "%s: wrong data near %d", name, off);
		CHECK(off == SIZE, "%s has %d bytes", name, off);
		close(fd);
		CHECK(unlink(name) == 0, "unlink failed");
	}
}

/* Processes racing to create, link and unlink the same names. */
static void test_concreate(void)
{
	enum { NP = 4, NNAMES = 10, ROUNDS = 30 };
	char name[8];
	int p, i, j, fd, status, found;

	for (p = 0; p < NP; p++) {
		int pid = fork();

		CHECK(pid >= 0, "fork failed");
		if (pid != 0)
			continue;
		for (i = 0; i < ROUNDS; i++) {
			for (j = 0; j < NNAMES; j++) {
				numbered(name, "x", j);
				switch ((i + j + p) % 3) {
				case 0:
					fd = open(name, O_CREATE | O_RDWR);
					if (fd >= 0) {
						write(fd, name, 2);
						close(fd);
					}
					break;
				case 1:
					unlink(name);
					break;
				case 2:
					link("x0", name);
					break;
				}
			}
		}
		exit(0);
	}
	for (p = 0; p < NP; p++)
		CHECK(wait(&status) > 0 && status == 0, "a racer failed");
	for (j = 0; j < NNAMES; j++) {
		numbered(name, "x", j);
		fd = open(name, O_RDONLY);
		if (fd >= 0) {
			CHECK(read(fd, buf, 10) <= 2, "file grew beyond its writes");
			close(fd);
			CHECK(unlink(name) == 0, "unlink %s failed", name);
		}
	}
	CHECK(count_entries(".", 0, &found) == 2, "names left over after cleanup");
}

/* ------------------------------------------------------------------ */
/* Random system calls                                                 */
/* ------------------------------------------------------------------ */

static uint64 rstate;

static int rnd(int n)
{
	rstate ^= rstate << 13;
	rstate ^= rstate >> 7;
	rstate ^= rstate << 17;
	return (int)(rstate % (uint64)n);
}

/* One worker of the random test: iters calls on shared names r0..r5. */
static void random_worker(int w, int iters)
{
	enum { NHELD = 6, HEAPMAX = 8 * PGSIZE };
	int held[NHELD], i, k, fd, n, pid, status, p[2], heap = 0;
	char name[4], name2[4], *base = sbrk(0);

	rstate = 0x2545f4914f6cdd1dULL + (uint64)w * 0x9e3779b97f4a7c15ULL;
	for (k = 0; k < NHELD; k++)
		held[k] = -1;
	name[0] = name2[0] = 'r';
	name[2] = name2[2] = 0;
	for (i = 0; i < iters; i++) {
		name[1] = '0' + rnd(6);
		name2[1] = '0' + rnd(6);
		k = rnd(NHELD);
		switch (rnd(14)) {
		case 0:
			fd = open(name, rnd(2) ? O_CREATE | O_RDWR : rnd(O_ALLFLAGS + 1) & O_ALLFLAGS);
			if (fd >= 0) {
				if (held[k] >= 0)
					close(held[k]);
				held[k] = fd;
			}
			break;
		case 1:
			if (held[k] >= 0 && close(held[k]) != 0)
				exit(10);
			held[k] = -1;
			break;
		case 2:
			if (held[k] >= 0 && write(held[k], buf, rnd(2000)) > 2000)
				exit(11);
			break;
		case 3:
			if (held[k] >= 0 && read(held[k], buf2, rnd(2000)) > 2000)
				exit(12);
			break;
		case 4:
			unlink(name);
			break;
		case 5:
			if (pipe(p) == 0) {
				n = 1 + rnd(256);
				fill(buf, n, w, i);
				if (write(p[1], buf, n) != n || read(p[0], buf2, n) != n ||
				    memcmp(buf, buf2, n) != 0)
					exit(13);
				close(p[0]);
				close(p[1]);
			}
			break;
		case 6:
			pid = fork();
			if (pid == 0) {
				fd = open(name, O_CREATE | O_WRONLY);
				if (fd >= 0) {
					write(fd, name, 2);
					close(fd);
				}
				exit(w + 20);
			}
			if (pid > 0 && (wait(&status) != pid || status != w + 20))
				exit(14);
			break;
		case 7:
			if (rnd(2) && heap < HEAPMAX) {
				if (sbrk(PGSIZE) != (char *)-1) {
					memset(base + heap, w + 1, PGSIZE);
					heap += PGSIZE;
				}
			} else if (heap > 0) {
				if (base[heap - 1] != w + 1 || sbrk(-PGSIZE) == (char *)-1)
					exit(15);
				heap -= PGSIZE;
			}
			break;
		case 8:
			if (held[k] >= 0) {
				fd = dup(held[k]);
				if (fd >= 0)
					close(fd);
			}
			break;
		case 9:
			if (held[k] >= 0) {
				struct stat st;

				if (fstat(held[k], &st) != 0)
					exit(16);
			}
			break;
		case 10:
			/* A bad pointer with a good descriptor fails. */
			if (held[k] >= 0 &&
			    write(held[k], (char *)kernel_addrs[rnd(NELEM(kernel_addrs))], 10) != -1)
				exit(17);
			if (read(-1 - rnd(1000), buf, 1) != -1)
				exit(18);
			break;
		case 11:
			if (rnd(2))
				mkdir("rd");
			else
				unlink("rd");
			break;
		case 12:
			link(name, name2);
			break;
		case 13:
			symlink(name, name2);
			break;
		}
	}
	for (k = 0; k < NHELD; k++)
		if (held[k] >= 0)
			close(held[k]);
	exit(0);
}

static void random_stress(int nworkers, int iters)
{
	int w, pid, status;
	char name[4];

	for (w = 0; w < nworkers; w++) {
		pid = fork();
		CHECK(pid >= 0, "fork failed");
		if (pid == 0)
			random_worker(w, iters);
	}
	for (w = 0; w < nworkers; w++) {
		CHECK(wait(&status) > 0, "wait failed");
		CHECK(status == 0, "a worker failed with status %d", status);
	}
	name[0] = 'r';
	name[2] = 0;
	for (w = 0; w < 6; w++) {
		name[1] = '0' + w;
		unlink(name);
	}
	unlink("rd");
}

/* Short random run (quick set). */
static void test_randsys(void)
{
	random_stress(3, 300);
}

/* Long random run (slow set). */
static void test_stress(void)
{
	random_stress(6, 4000);
}

/* ------------------------------------------------------------------ */
/* Limits (slow)                                                       */
/* ------------------------------------------------------------------ */

/* Fork until the process table is full; fork fails cleanly with -1. */
static void test_forkall(void)
{
	int gate[2], n, i, pid = 0, status;
	char c;

	CHECK(pipe(gate) == 0, "pipe failed");
	for (n = 0; n <= NPROC; n++) {
		pid = fork();
		if (pid < 0)
			break;
		if (pid == 0) {
			close(gate[1]);
			read(gate[0], &c, 1);
			exit(0);
		}
	}
	CHECK(pid == -1, "fork returned %d, expected -1", pid);
	CHECK(n > 0 && n < NPROC, "forked %d children", n);
	CHECK(nprocs() == NPROC, "fork failed with %d of %d process slots used", nprocs(), NPROC);
	pid = fork();
	if (pid == 0)
		exit(0);
	CHECK(pid == -1, "fork succeeded with a full table");

	close(gate[0]);
	close(gate[1]);
	for (i = 0; i < n; i++) {
		CHECK(wait(&status) > 0, "wait failed after %d children", i);
		CHECK(status == 0, "child exited with %d", status);
	}
	CHECK(wait(0) == -1, "wait with no children left");
	pid = fork();
	CHECK(pid >= 0, "fork failed after the table emptied");
	if (pid == 0)
		exit(0);
	CHECK(wait(0) == pid, "wait failed");
}

/* Take every page with sbrk until it fails, then give them back. */
static void victim_eatmem(void)
{
	char *start = sbrk(0), *p;
	uint64 total = 0, i, low, high;
	int step = 256, pid;

	while (step > 0) {
		p = sbrk(step * PGSIZE);
		if (p == (char *)-1) {
			step /= 2;
			continue;
		}
		for (i = 0; i < (uint64)step * PGSIZE; i += PGSIZE)
			p[i] = 1; /* a lazy kernel may kill us here: also fine */
		total += (uint64)step * PGSIZE;
	}
	low = freemem();
	if (low > 64 * PGSIZE)
		exit(2); /* sbrk failed with plenty of memory left */
	if (sbrk(0) != start + total)
		exit(3);

	/* Memory is gone: fork and pipe fail cleanly or work. */
	pid = fork();
	if (pid == 0)
		exit(0);
	if (pid > 0 && wait(0) != pid)
		exit(4);

	if (sbrk(-(int)total) != start + total || sbrk(0) != start)
		exit(5);
	high = freemem();
	if (high < low + total)
		exit(6);
	exit(0);
}

static void test_sbrkall(void)
{
	int status = run_child(victim_eatmem);

	CHECK(status == 0 || status == -1, "memory exhaustion: status %d", status);
}

/* Create empty files until the inodes run out (or a bound is reached). */
static void test_outofinodes(void)
{
	enum { MAXFILES = 10000, PERDIR = 200 };
	char name[32];
	int n, fd, d, len, full = 0;

	for (n = 0; n < MAXFILES; n++) {
		d = n / PERDIR;
		if (n % PERDIR == 0) {
			numbered(name, "d", d);
			if (mkdir(name) < 0) {
				full = 1;
				break;
			}
		}
		numbered(name, "d", d);
		len = strlen(name);
		name[len] = '/';
		numbered(name + len + 1, "f", n % PERDIR);
		fd = open(name, O_CREATE | O_RDWR);
		if (fd < 0) {
			full = 1;
			break;
		}
		close(fd);
	}
	if (!full)
		printf("  %s: %d files created without running out (bound reached)\n", testname, n);
	/* Remove everything, then files can be created again. */
	for (d = 0; d * PERDIR <= n; d++) {
		numbered(name, "d", d);
		if (chdir(name) < 0)
			continue;
		for (fd = 0; fd < PERDIR; fd++) {
			numbered(buf2, "f", fd);
			unlink(buf2);
		}
		CHECK(chdir("..") == 0, "chdir .. failed");
		CHECK(unlink(name) == 0, "could not remove %s", name);
	}
	fd = open("again", O_CREATE | O_RDWR);
	CHECK(fd >= 0, "cannot create a file after freeing %d inodes", n);
	close(fd);
	unlink("again");
}

/* Write files until the disk is full; write fails, then space comes back. */
static void test_outofblocks(void)
{
	enum { PERFILE = 32 * 1024 * 1024, MAXFILES = 2 * (FSSIZE * (uint64)BSIZE / PERFILE) + 2 };
	char name[16];
	int f, fd, n, r = 0, full = 0;
	uint64 written = 0, off;

	fill(buf, BUFSZ, 15, 0);
	for (f = 0; f < MAXFILES && !full; f++) {
		numbered(name, "blk", f);
		fd = open(name, O_CREATE | O_TRUNC | O_WRONLY);
		if (fd < 0) {
			full = 1;
			break;
		}
		for (off = 0; off < PERFILE; off += n) {
			n = BUFSZ;
			r = write(fd, buf, n);
			if (r != n) {
				full = 1;
				break;
			}
		}
		written += off + (r > 0 ? r : 0);
		close(fd);
	}
	CHECK(full, "wrote %lu bytes without the disk filling up", written);
	CHECK(r == -1 || r < BUFSZ, "odd write result %d on a full disk", r);
	for (n = 0; n <= f; n++) {
		numbered(name, "blk", n);
		unlink(name);
	}
	/* The space is back. */
	file_roundtrip("after", 1024 * 1024);
}

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
	{ "forkwait", test_forkwait, 1 },
	{ "exitstatus", test_exitstatus, 1 },
	{ "getpid", test_getpid, 1 },
	{ "forkfork", test_forkfork, 1 },
	{ "reparent", test_reparent, 1 },
	{ "exitwait", test_exitwait, 1 },
	{ "kill", test_kill, 1 },
	{ "sysinfo", test_sysinfo, 1 },
	{ "uptime", test_uptime, 1 },
	{ "procinfo", test_procinfo, 1 },
	/* memory */
	{ "cow", test_cow, 1 },
	{ "cowread", test_cowread, 1 },
	{ "sbrkbasic", test_sbrkbasic, 1 },
	{ "sbrkbad", test_sbrkbad, 1 },
	{ "sbrkargs", test_sbrkargs, 1 },
	/* isolation */
	{ "kernmem", test_kernmem, 1 },
	{ "textwrite", test_textwrite, 1 },
	{ "stackguard", test_stackguard, 1 },
	/* bad arguments */
	{ "badptr", test_badptr, 1 },
	{ "readtext", test_readtext, 1 },
	{ "badfd", test_badfd, 1 },
	{ "fdlimit", test_fdlimit, 1 },
	{ "openflags", test_openflags, 1 },
	{ "badpath", test_badpath, 1 },
	/* file system */
	{ "fileio", test_fileio, 1 },
	{ "unlinkopen", test_unlinkopen, 1 },
	{ "linkcount", test_linkcount, 1 },
	{ "dirs", test_dirs, 1 },
	{ "bigdir", test_bigdir, 1 },
	{ "irefs", test_irefs, 1 },
	{ "dupoffset", test_dupoffset, 1 },
	{ "fstat", test_fstat, 1 },
	{ "mknod", test_mknod, 1 },
	{ "symlink", test_symlink, 1 },
	{ "dindirect", test_dindirect, 1 },
	/* exec */
	{ "execargs", test_execargs, 1 },
	{ "execbad", test_execbad, 1 },
	{ "execcopy", test_execcopy, 1 },
	/* pipes */
	{ "pipedata", test_pipedata, 1 },
	{ "pipenoreader", test_pipenoreader, 1 },
	{ "pipewriters", test_pipewriters, 1 },
	/* concurrency */
	{ "sharedfd", test_sharedfd, 1 },
	{ "concfiles", test_concfiles, 1 },
	{ "concreate", test_concreate, 1 },
	{ "randsys", test_randsys, 1 },
	/* slow: limits and stress */
	{ "forkall", test_forkall, 0 },
	{ "sbrkall", test_sbrkall, 0 },
	{ "bigfile", test_bigfile, 0 },
	{ "outofinodes", test_outofinodes, 0 },
	{ "outofblocks", test_outofblocks, 0 },
	{ "stress", test_stress, 0 },
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

/* Run one test in a child process; returns 1 if it passed. */
static int run_test(struct test *t, int index)
{
	int pid, wpid, r, st, status = 0, wstatus = -1, left, tries;
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
	pid = fork();
	if (pid < 0) {
		printf("  %s: fork failed\n", t->name);
		printf("test %s: FAILED\n", t->name);
		remove_tree(testdir);
		return 0;
	}
	if (pid == 0) {
		testname = t->name;
		if (chdir(testdir) < 0)
			FAIL("cannot chdir to %s", testdir);
		t->fn();
		exit(0);
	}

	/* The watchdog: kills the test if it runs far too long. */
	wpid = fork();
	if (wpid == 0) {
		sleep(t->quick ? QUICK_TIMEOUT : SLOW_TIMEOUT);
		kill(pid);
		exit(0);
	}
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
		printf("  %s: free memory %lu before, %lu after: %ld bytes %s\n", t->name, before, after,
		       (long)(after > before ? after - before : before - after),
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
