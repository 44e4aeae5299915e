/*
 * bench: Kite's speed figures (`make bench`, docs/performance.md).
 *
 *   bench               every test with its default count
 *   bench -q            every test with a small count (the grade test)
 *   bench NAME [N]      one test, N operations (default: its usual count)
 *   bench -q NAME       one test with its small count
 *   bench -e            exit 0 at once (what the exec test runs)
 *
 * Each test runs in a child process of its own, so it starts from the same
 * small address space whatever ran before it, and a test that fails or
 * crashes is reported without ending the run.  The child times its loop
 * with the RISC-V `time` CSR (rdtime, readable from user mode), converts
 * with the timebase frequency from kstats(), and sends its result to the
 * parent through a pipe; the parent prints every line, so output from
 * different processes never interleaves.
 *
 * Output, one machine-readable line per test (scripts/bench.py parses it):
 *
 *   bench: start hz=HZ ncpu=N mode=full|quick
 *   bench: NAME ops=N ns=T [KEY=VALUE...]     T: total nanoseconds
 *   bench: NAME FAILED
 *   ...a human-readable table...
 *   bench: done ok=N failed=N
 *
 * Timing is never judged here: the host script computes the ratios.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/sysinfo.h"
#include "kernel/abi/diskbench.h"
#include "user/user.h"
#include "user/kite.h"
#include "user/pthread.h"

#define KIB 1024UL
#define MIB (1024UL * 1024UL)
#define PAGE 4096UL

#define MAXEXTRA 6

struct result {
	int ok;
	uint64 ops;
	uint64 ns;
	int nextra;
	struct {
		char key[12];
		uint64 val;
	} extra[MAXEXTRA];
};

struct test {
	const char *name;
	int (*fn)(struct result *r, uint64 n); /* 0, or -1 after printing why */
	uint64 full, quick;                    /* default counts */
	const char *unit;                      /* what one operation is */
};

static uint64 timebase_hz;
static const char *curtest = "bench";
static int keep_file; /* fwrite leaves its file for fread (whole runs) */

#define FILE_NAME "/bench.tmp"
#define FILE_IO (64 * KIB) /* read() and write() size of fwrite and fread */
#define SMALL_FILE 100     /* bytes in each small file */

static char iobuf[4096]; /* pipe transfers */

/* ------------------------------------------------------------------ */
/* Time and small helpers                                              */
/* ------------------------------------------------------------------ */

static inline uint64 rdtime(void)
{
	uint64 t;
	asm volatile("rdtime %0" : "=r"(t));
	return t;
}

static uint64 ticks_to_ns(uint64 t)
{
	return t / timebase_hz * 1000000000UL + (t % timebase_hz) * 1000000000UL / timebase_hz;
}

static int fail(const char *why)
{
	fprintf(2, "bench: %s: %s\n", curtest, why);
	return -1;
}

static void extra(struct result *r, const char *key, uint64 val)
{
	if (r->nextra >= MAXEXTRA)
		return;
	strncpy(r->extra[r->nextra].key, key, sizeof(r->extra[0].key));
	r->extra[r->nextra].val = val;
	r->nextra++;
}

static int get_kstats(struct kstats *ks)
{
	memset(ks, 0, sizeof(*ks));
	return kstats(ks);
}

/* Grows the heap by n bytes (0 on failure), every page touched. */
static char *grab(uint64 n)
{
	char *p = sbrk((int)n);
	if (p == (char *)-1)
		return 0;
	for (uint64 i = 0; i < n; i += PAGE)
		p[i] = (char)i;
	return p;
}

/* Forks a child that exits at once and reaps it, n times. */
static int fork_loop(struct result *r, uint64 n)
{
	uint64 t0 = rdtime();
	for (uint64 i = 0; i < n; i++) {
		int pid = fork();
		if (pid < 0)
			return fail("fork failed");
		if (pid == 0)
			exit(0);
		int status = -1;
		if (wait(&status) != pid || status != 0)
			return fail("wait did not return the child");
	}
	r->ns = ticks_to_ns(rdtime() - t0);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The tests                                                           */
/* ------------------------------------------------------------------ */

/* getpid: the null system call. */
static int t_getpid(struct result *r, uint64 n)
{
	uint64 t0 = rdtime();
	for (uint64 i = 0; i < n; i++)
		getpid();
	r->ns = ticks_to_ns(rdtime() - t0);
	return 0;
}

/* fork: fork + exit + wait of this (small) process. */
static int t_fork(struct result *r, uint64 n)
{
	return fork_loop(r, n);
}

/* fork8m: the same after touching 8 MiB of heap (copy-on-write). */
static int t_fork8m(struct result *r, uint64 n)
{
	if (!grab(8 * MIB))
		return fail("sbrk 8 MiB failed");
	return fork_loop(r, n);
}

/* exec: fork + exec(/bench -e) + wait. */
static int t_exec(struct result *r, uint64 n)
{
	char *argv[] = {"bench", "-e", 0};
	uint64 t0 = rdtime();
	for (uint64 i = 0; i < n; i++) {
		int pid = fork();
		if (pid < 0)
			return fail("fork failed");
		if (pid == 0) {
			exec("/bench", argv);
			exit(2);
		}
		int status = -1;
		if (wait(&status) != pid || status != 0)
			return fail("exec of /bench -e failed");
	}
	r->ns = ticks_to_ns(rdtime() - t0);
	return 0;
}

/* n MiB from this process to a child through a pipe, wsize bytes per
 * write() and per read().  The clock stops when the child has read the
 * last byte and said so on a second pipe. */
static int pipe_mib(struct result *r, uint64 n, int wsize)
{
	int data[2], ack[2];
	uint64 total = n * MIB;

	if (pipe(data) < 0 || pipe(ack) < 0)
		return fail("pipe failed");
	int pid = fork();
	if (pid < 0)
		return fail("fork failed");
	if (pid == 0) {
		close(data[1]);
		close(ack[0]);
		uint64 got = 0;
		int k;
		while ((k = read(data[0], iobuf, wsize)) > 0)
			got += k;
		char c = got == total ? 'y' : 'n';
		write(ack[1], &c, 1);
		exit(0);
	}
	close(data[0]);
	close(ack[1]);
	memset(iobuf, 'p', sizeof(iobuf));

	uint64 t0 = rdtime();
	for (uint64 sent = 0; sent < total; sent += wsize) {
		if (write(data[1], iobuf, wsize) != wsize) {
			close(data[1]);
			wait(0);
			return fail("pipe write failed");
		}
	}
	close(data[1]);
	char c = 0;
	int k = read(ack[0], &c, 1);
	r->ns = ticks_to_ns(rdtime() - t0);
	wait(0);
	if (k != 1 || c != 'y')
		return fail("the reader did not get every byte");
	extra(r, "bytes", total);
	return 0;
}

static int t_pipe512(struct result *r, uint64 n)
{
	return pipe_mib(r, n, 512);
}

static int t_pipe4k(struct result *r, uint64 n)
{
	return pipe_mib(r, n, 4096);
}

/* memmove: the library memmove of 1 MiB, n times (both buffers touched
 * first, so no page fault is timed).  A pipe copies each byte twice
 * (user -> kernel buffer -> user): the host compares pipe4k with two of
 * these per MiB. */
static int t_memmove(struct result *r, uint64 n)
{
	char *src = grab(MIB), *dst = grab(MIB);
	if (!src || !dst)
		return fail("sbrk 2 MiB failed");
	memset(src, 'm', MIB);
	uint64 t0 = rdtime();
	for (uint64 i = 0; i < n; i++)
		memmove(dst, src, MIB);
	r->ns = ticks_to_ns(rdtime() - t0);
	if (dst[MIB - 1] != 'm')
		return fail("memmove did not copy");
	return 0;
}

/* pingpong: one byte to a child and one byte back, n round trips. */
static int t_pingpong(struct result *r, uint64 n)
{
	int to[2], from[2];
	char c = 'x';

	if (pipe(to) < 0 || pipe(from) < 0)
		return fail("pipe failed");
	int pid = fork();
	if (pid < 0)
		return fail("fork failed");
	if (pid == 0) {
		close(to[1]);
		close(from[0]);
		while (read(to[0], &c, 1) == 1)
			if (write(from[1], &c, 1) != 1)
				break;
		exit(0);
	}
	close(to[0]);
	close(from[1]);
	uint64 t0 = rdtime();
	for (uint64 i = 0; i < n; i++) {
		if (write(to[1], &c, 1) != 1 || read(from[0], &c, 1) != 1) {
			close(to[1]);
			wait(0);
			return fail("round trip failed");
		}
	}
	r->ns = ticks_to_ns(rdtime() - t0);
	close(to[1]);
	wait(0);
	return 0;
}

/* Creates FILE_NAME with n MiB in FILE_IO writes, closed. */
static int write_file(uint64 n, char *buf)
{
	int fd = open(FILE_NAME, O_CREATE | O_WRONLY | O_TRUNC);
	if (fd < 0)
		return fail("cannot create " FILE_NAME);
	for (uint64 i = 0; i < n * MIB / FILE_IO; i++) {
		if (write(fd, buf, FILE_IO) != (int)FILE_IO) {
			close(fd);
			unlink(FILE_NAME);
			return fail("write failed (disk full?)");
		}
	}
	if (close(fd) < 0)
		return fail("close failed");
	return 0;
}

/* fwrite: write an n MiB file and close it (ops: MiB). */
static int t_fwrite(struct result *r, uint64 n)
{
	struct kstats k0, k1;
	struct diskstats d0, d1;
	char *buf = grab(FILE_IO);
	if (!buf)
		return fail("sbrk failed");
	memset(buf, 'w', FILE_IO);
	unlink(FILE_NAME);
	if (get_kstats(&k0) < 0 || diskbench(DISKBENCH_STATS, (uint64)&d0) < 0)
		return fail("kstats or diskbench failed");
	uint64 t0 = rdtime();
	if (write_file(n, buf) < 0)
		return -1;
	r->ns = ticks_to_ns(rdtime() - t0);
	get_kstats(&k1);
	diskbench(DISKBENCH_STATS, (uint64)&d1);
	if (!keep_file)
		unlink(FILE_NAME);
	extra(r, "blocks", n * MIB / 1024);
	extra(r, "commits", k1.log_commits - k0.log_commits);
	extra(r, "dwrites", k1.disk_writes - k0.disk_writes);
	extra(r, "wreqs", d1.write_reqs - d0.write_reqs);
	extra(r, "inflight", k1.disk_max_inflight);
	extra(r, "flushes", d1.flushes - d0.flushes);
	return 0;
}

/* append: one shell `>>` onto a big file: open(O_APPEND) + a line + close. */
#define APPEND_BASE_MIB 4 /* the file appended to, written first (untimed) */
#define APPEND_LINE 64
static int t_append(struct result *r, uint64 n)
{
	char *buf = grab(FILE_IO);
	if (!buf)
		return fail("sbrk failed");
	memset(buf, 'a', FILE_IO);
	if (write_file(APPEND_BASE_MIB, buf) < 0)
		return -1;
	uint64 t0 = rdtime();
	for (uint64 i = 0; i < n; i++) {
		int fd = open(FILE_NAME, O_WRONLY | O_APPEND);
		if (fd < 0 || write(fd, buf, APPEND_LINE) != APPEND_LINE) {
			close(fd);
			unlink(FILE_NAME);
			return fail("append failed");
		}
		close(fd);
	}
	r->ns = ticks_to_ns(rdtime() - t0);
	unlink(FILE_NAME);
	extra(r, "filemib", APPEND_BASE_MIB);
	return 0;
}

/* fread: read an n MiB file back (written first, untimed, unless fwrite
 * just left it); mostly cold, since the buffer cache is far smaller. */
static int t_fread(struct result *r, uint64 n)
{
	struct kstats k0, k1;
	struct diskstats d0, d1;
	struct stat st;
	char *buf = grab(FILE_IO);
	if (!buf)
		return fail("sbrk failed");
	memset(buf, 'r', FILE_IO);
	if (stat(FILE_NAME, &st) < 0 || st.size != n * MIB) {
		if (write_file(n, buf) < 0)
			return -1;
	}
	/* Cold: whatever of the file the cache still holds is forgotten. */
	if (diskbench(DISKBENCH_DROP, 0) < 0)
		return fail("diskbench(DISKBENCH_DROP) failed");
	if (get_kstats(&k0) < 0 || diskbench(DISKBENCH_STATS, (uint64)&d0) < 0)
		return fail("kstats or diskbench failed");
	uint64 t0 = rdtime(), got = 0;
	int fd = open(FILE_NAME, O_RDONLY), k;
	if (fd < 0)
		return fail("cannot open " FILE_NAME);
	while ((k = read(fd, buf, FILE_IO)) > 0)
		got += k;
	close(fd);
	r->ns = ticks_to_ns(rdtime() - t0);
	get_kstats(&k1);
	diskbench(DISKBENCH_STATS, (uint64)&d1);
	unlink(FILE_NAME);
	if (got != n * MIB)
		return fail("short read");
	extra(r, "dreads", k1.disk_reads - k0.disk_reads);
	extra(r, "rreqs", d1.read_reqs - d0.read_reqs);
	extra(r, "inflight0", k0.disk_max_inflight);
	extra(r, "inflight", k1.disk_max_inflight);
	return 0;
}

/* devwrite / devread: the device limit for fwrite and fread: n MiB moved
 * by the kernel's own loop (diskbench: the largest requests, several in
 * flight, no file system; the write ends with a flush).  ops: MiB. */
static int dev_mib(struct result *r, uint64 n, int op)
{
	struct diskstats d0, d1;
	/* Bad input is refused (bench_quick runs this): an unknown op, a zero length. */
	if (diskbench(-1, 0) != -1 || diskbench(op, 0) != -1)
		return fail("diskbench accepted a bad op or length");
	if (diskbench(DISKBENCH_STATS, (uint64)&d0) < 0)
		return fail("diskbench failed");
	uint64 t0 = rdtime();
	if (diskbench(op, n * MIB / KIB) < 0)
		return fail("the device loop failed");
	r->ns = ticks_to_ns(rdtime() - t0);
	diskbench(DISKBENCH_STATS, (uint64)&d1);
	if (op == DISKBENCH_WRITE)
		extra(r, "wreqs", d1.write_reqs - d0.write_reqs);
	else
		extra(r, "rreqs", d1.read_reqs - d0.read_reqs);
	return 0;
}

static int t_devwrite(struct result *r, uint64 n)
{
	return dev_mib(r, n, DISKBENCH_WRITE);
}

static int t_devread(struct result *r, uint64 n)
{
	return dev_mib(r, n, DISKBENCH_READ);
}

/* smallfiles: create + write 100 bytes + close + unlink, n files. */
static int t_smallfiles(struct result *r, uint64 n)
{
	struct kstats k0, k1;
	struct diskstats d0, d1;
	char name[32];

	memset(iobuf, 's', SMALL_FILE);
	if (get_kstats(&k0) < 0 || diskbench(DISKBENCH_STATS, (uint64)&d0) < 0)
		return fail("kstats or diskbench failed");
	uint64 t0 = rdtime();
	for (uint64 i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "/bench.s%lu", i);
		int fd = open(name, O_CREATE | O_WRONLY);
		if (fd < 0)
			return fail("create failed");
		if (write(fd, iobuf, SMALL_FILE) != SMALL_FILE) {
			close(fd);
			unlink(name);
			return fail("write failed");
		}
		close(fd);
		if (unlink(name) < 0)
			return fail("unlink failed");
	}
	r->ns = ticks_to_ns(rdtime() - t0);
	get_kstats(&k1);
	diskbench(DISKBENCH_STATS, (uint64)&d1);
	extra(r, "commits", k1.log_commits - k0.log_commits);
	extra(r, "wreqs", d1.write_reqs - d0.write_reqs);
	extra(r, "flushes", d1.flushes - d0.flushes);
	return 0;
}

/* sbrk: grow by 1 MiB, touch every page, shrink by 1 MiB; n times. */
static int t_sbrk(struct result *r, uint64 n)
{
	uint64 t0 = rdtime();
	for (uint64 i = 0; i < n; i++) {
		if (!grab(MIB))
			return fail("sbrk grow failed");
		if (sbrk(-(int)MIB) == (char *)-1)
			return fail("sbrk shrink failed");
	}
	r->ns = ticks_to_ns(rdtime() - t0);
	return 0;
}

/* mmap1m: mmap 1 MiB of anonymous memory (untouched) and munmap it; n times. */
static int t_mmap1m(struct result *r, uint64 n)
{
	uint64 t0 = rdtime();
	for (uint64 i = 0; i < n; i++) {
		char *p = mmap(0, MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return fail("mmap failed");
		if (munmap(p, MIB) != 0)
			return fail("munmap failed");
	}
	r->ns = ticks_to_ns(rdtime() - t0);
	return 0;
}

#define MAPFAULT_PAGES 64 /* pages of the file mapped at a time */

/* mapfault: n first touches of file pages: a 64-page file mapped private
 * read-only, every page touched once, unmapped (mmap and munmap timed too). */
static int t_mapfault(struct result *r, uint64 n)
{
	int fd = open("/bench.map", O_CREATE | O_RDWR | O_TRUNC);
	if (fd < 0)
		return fail("cannot create /bench.map");
	memset(iobuf, 'm', sizeof(iobuf));
	for (int i = 0; i < MAPFAULT_PAGES; i++)
		if (write(fd, iobuf, PAGE) != (int)PAGE)
			return fail("cannot write /bench.map");
	uint64 t0 = rdtime(), done = 0;
	while (done < n) {
		volatile char *p = mmap(0, MAPFAULT_PAGES * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED)
			return fail("mmap failed");
		for (uint64 i = 0; i < MAPFAULT_PAGES && done < n; i++, done++)
			(void)p[i * PAGE];
		if (munmap((void *)p, MAPFAULT_PAGES * PAGE) != 0)
			return fail("munmap failed");
	}
	r->ns = ticks_to_ns(rdtime() - t0);
	close(fd);
	unlink("/bench.map");
	return 0;
}

/* The CPU-bound loop: n iterations of a little integer arithmetic, kept
 * in registers (the empty asm stops the compiler folding the loop). */
static uint64 spin(uint64 n)
{
	uint64 x = 1;
	for (uint64 i = 0; i < n; i++) {
		x = x * 6364136223846793005UL + i;
		asm volatile("" : "+r"(x));
	}
	return x;
}

static void getpid_loop(uint64 n)
{
	for (uint64 i = 0; i < n; i++)
		getpid();
}

/* Runs work(n) in nproc children at once.  They wait on a pipe that the
 * parent closes to start them all; the clock runs from then until the
 * last one has been reaped. */
static int together(struct result *r, uint64 n, int nproc, int cpu)
{
	int go[2];
	char c;

	if (pipe(go) < 0)
		return fail("pipe failed");
	for (int i = 0; i < nproc; i++) {
		int pid = fork();
		if (pid < 0)
			return fail("fork failed");
		if (pid == 0) {
			close(go[1]);
			read(go[0], &c, 1); /* 0: end of file, everyone starts */
			if (cpu)
				exit(spin(n) == 42); /* uses the result; exits 0 */
			getpid_loop(n);
			exit(0);
		}
	}
	close(go[0]);
	uint64 t0 = rdtime();
	close(go[1]);
	int bad = 0, status;
	for (int i = 0; i < nproc; i++) {
		if (wait(&status) < 0 || status != 0)
			bad = 1;
	}
	r->ns = ticks_to_ns(rdtime() - t0);
	extra(r, "procs", nproc);
	return bad ? fail("a worker failed") : 0;
}

static int t_cpu1(struct result *r, uint64 n)
{
	return together(r, n, 1, 1);
}

static int t_cpu2(struct result *r, uint64 n)
{
	return together(r, n, 2, 1);
}

static int t_getpid1(struct result *r, uint64 n)
{
	return together(r, n, 1, 0);
}

static int t_getpid2(struct result *r, uint64 n)
{
	return together(r, n, 2, 0);
}

/* thread: pthread_create of a thread that returns at once, then its join. */
static void *thread_nop(void *arg)
{
	return arg;
}

static int t_thread(struct result *r, uint64 n)
{
	uint64 t0 = rdtime();
	for (uint64 i = 0; i < n; i++) {
		pthread_t t;
		if (pthread_create(&t, 0, thread_nop, 0) != 0)
			return fail("pthread_create failed");
		if (pthread_join(t, 0) != 0)
			return fail("pthread_join failed");
	}
	r->ns = ticks_to_ns(rdtime() - t0);
	return 0;
}

static pthread_mutex_t bench_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile uint64 bench_locked; /* bumped under bench_lock */

/* mutex: lock+unlock with nobody else wanting the mutex. */
static int t_mutex(struct result *r, uint64 n)
{
	uint64 t0 = rdtime();
	for (uint64 i = 0; i < n; i++) {
		pthread_mutex_lock(&bench_lock);
		bench_locked++;
		pthread_mutex_unlock(&bench_lock);
	}
	r->ns = ticks_to_ns(rdtime() - t0);
	return bench_locked == n ? 0 : fail("mutex count wrong");
}

static void *lock_loop(void *arg)
{
	uint64 n = (uint64)arg;
	for (uint64 i = 0; i < n; i++) {
		pthread_mutex_lock(&bench_lock);
		bench_locked++;
		pthread_mutex_unlock(&bench_lock);
	}
	return 0;
}

/* mutex2: two threads (on two harts when there are) each doing n/2
 * lock+unlock pairs on one mutex; n pairs in all. */
static int t_mutex2(struct result *r, uint64 n)
{
	pthread_t t;
	bench_locked = 0;
	uint64 t0 = rdtime();
	if (pthread_create(&t, 0, lock_loop, (void *)(n / 2)) != 0)
		return fail("pthread_create failed");
	lock_loop((void *)(n - n / 2));
	pthread_join(t, 0);
	r->ns = ticks_to_ns(rdtime() - t0);
	return bench_locked == n ? 0 : fail("mutex2 count wrong");
}

static const struct test tests[] = {
    {"getpid", t_getpid, 100000, 1000, "getpid()"},
    {"fork", t_fork, 200, 10, "fork+exit+wait"},
    {"fork8m", t_fork8m, 100, 5, "fork+exit+wait, 8 MiB touched"},
    {"exec", t_exec, 100, 5, "fork+exec+wait"},
    {"pipe512", t_pipe512, 8, 1, "1 MiB, 512 B writes"},
    {"pipe4k", t_pipe4k, 8, 1, "1 MiB, 4 KiB writes"},
    {"memmove", t_memmove, 16, 2, "memmove 1 MiB"},
    {"pingpong", t_pingpong, 2000, 50, "1-byte round trip"},
    {"fwrite", t_fwrite, 16, 1, "write 1 MiB of a file"},
    {"fread", t_fread, 16, 1, "read 1 MiB of a file"},
    {"devwrite", t_devwrite, 16, 1, "1 MiB to the disk, no fs"},
    {"devread", t_devread, 16, 1, "1 MiB from the disk, no fs"},
    {"smallfiles", t_smallfiles, 200, 20, "create+write+close+unlink"},
    {"append", t_append, 200, 20, ">>: open(O_APPEND)+64 B+close, 4 MiB file"},
    {"sbrk", t_sbrk, 100, 5, "grow, touch, shrink 1 MiB"},
    {"mmap1m", t_mmap1m, 1000, 10, "mmap+munmap 1 MiB"},
    {"mapfault", t_mapfault, 2000, 64, "first touch of a file page"},
    {"cpu1", t_cpu1, 50000000, 100000, "loop iteration, 1 process"},
    {"cpu2", t_cpu2, 50000000, 100000, "loop iteration, 2 processes"},
    {"getpid1", t_getpid1, 100000, 1000, "getpid(), 1 process"},
    {"getpid2", t_getpid2, 100000, 1000, "getpid(), 2 processes"},
    {"thread", t_thread, 1000, 20, "pthread_create+join"},
    {"mutex", t_mutex, 1000000, 10000, "uncontended mutex lock+unlock"},
    {"mutex2", t_mutex2, 200000, 2000, "mutex lock+unlock, 2 threads"},
};
#define NTESTS ((int)(sizeof(tests) / sizeof(tests[0])))

/* ------------------------------------------------------------------ */
/* Running and reporting                                               */
/* ------------------------------------------------------------------ */

static struct result results[NTESTS];
static int ran[NTESTS];

/* Runs test t in a child; its result comes back through a pipe. */
static void run_test(int t, uint64 n)
{
	struct result *r = &results[t];
	int p[2];

	memset(r, 0, sizeof(*r));
	r->ops = n;
	ran[t] = 1;
	if (pipe(p) < 0) {
		fprintf(2, "bench: %s: pipe failed\n", tests[t].name);
		printf("bench: %s FAILED\n", tests[t].name);
		return;
	}
	int pid = fork();
	if (pid < 0) {
		fprintf(2, "bench: %s: fork failed\n", tests[t].name);
	} else if (pid == 0) {
		close(p[0]);
		curtest = tests[t].name;
		r->ok = tests[t].fn(r, n) == 0;
		write(p[1], r, sizeof(*r));
		exit(r->ok ? 0 : 1);
	} else {
		close(p[1]);
		struct result got;
		if (read(p[0], &got, sizeof(got)) == sizeof(got))
			*r = got;
		wait(0);
	}
	close(p[0]);
	if (!r->ok) {
		r->ok = 0;
		printf("bench: %s FAILED\n", tests[t].name);
		return;
	}
	printf("bench: %s ops=%lu ns=%lu", tests[t].name, r->ops, r->ns);
	for (int i = 0; i < r->nextra; i++)
		printf(" %s=%lu", r->extra[i].key, r->extra[i].val);
	printf("\n");
}

/* Writes ns (tenths) with a unit that keeps 2-5 digits before the point. */
static void fmt_time(char *buf, int size, uint64 ns10)
{
	if (ns10 < 100000)
		snprintf(buf, size, "%lu.%lu ns", ns10 / 10, ns10 % 10);
	else if (ns10 < 100000000UL)
		snprintf(buf, size, "%lu.%lu us", ns10 / 10000, ns10 / 1000 % 10);
	else
		snprintf(buf, size, "%lu.%lu ms", ns10 / 10000000, ns10 / 1000000 % 10);
}

static void table(void)
{
	char total[24], per[24];

	printf("\n%-11s %10s %12s %12s  %s\n", "test", "ops", "time", "per op", "one op");
	for (int t = 0; t < NTESTS; t++) {
		if (!ran[t])
			continue;
		struct result *r = &results[t];
		if (!r->ok) {
			printf("%-11s %10s\n", tests[t].name, "FAILED");
			continue;
		}
		fmt_time(total, sizeof(total), r->ns * 10);
		fmt_time(per, sizeof(per), r->ops ? r->ns * 10 / r->ops : 0);
		printf("%-11s %10lu %12s %12s  %s\n", tests[t].name, r->ops, total, per,
		       tests[t].unit);
	}
	printf("\n");
}

static void usage(void)
{
	fprintf(2, "usage: bench [-q] [NAME [N]]\n");
	fprintf(2, "tests:");
	for (int t = 0; t < NTESTS; t++)
		fprintf(2, " %s", tests[t].name);
	fprintf(2, "\n");
	exit(1);
}

int main(int argc, char *argv[])
{
	struct kstats ks;
	int quick = 0, only = -1, i = 1;
	uint64 n = 0;

	if (argc == 2 && strcmp(argv[1], "-e") == 0)
		exit(0); /* the exec test's target */
	if (i < argc && strcmp(argv[i], "-q") == 0) {
		quick = 1;
		i++;
	}
	if (i < argc) {
		for (int t = 0; t < NTESTS; t++)
			if (strcmp(argv[i], tests[t].name) == 0)
				only = t;
		if (only < 0)
			usage();
		i++;
	}
	if (i < argc) {
		if (quick || !isdigit_str(argv[i]) || strlen(argv[i]) > 9 || atoi(argv[i]) <= 0)
			usage();
		n = atoi(argv[i]);
		i++;
	}
	if (i < argc)
		usage();

	if (get_kstats(&ks) < 0 || ks.timebase_hz == 0) {
		fprintf(2, "bench: kstats() failed: no timebase frequency\n");
		exit(1);
	}
	timebase_hz = ks.timebase_hz;
	printf("bench: start hz=%lu ncpu=%lu mode=%s\n", timebase_hz, ks.ncpu,
	       quick ? "quick" : "full");

	if (only >= 0) {
		run_test(only, n ? n : quick ? tests[only].quick : tests[only].full);
	} else {
		keep_file = 1;
		for (int t = 0; t < NTESTS; t++)
			run_test(t, quick ? tests[t].quick : tests[t].full);
		unlink(FILE_NAME); /* in case fread failed before removing it */
	}
	table();

	int ok = 0, failed = 0;
	for (int t = 0; t < NTESTS; t++) {
		if (ran[t]) {
			if (results[t].ok)
				ok++;
			else
				failed++;
		}
	}
	printf("bench: done ok=%d failed=%d\n", ok, failed);
	exit(failed ? 1 : 0);
}
