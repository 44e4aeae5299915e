/*
 * grind: random system-call stress.
 *
 *   grind [iterations]
 *
 * NWORKERS processes each make `iterations` random system calls chosen by
 * a seeded pseudo-random generator (so a failing run can be repeated).  The
 * workers share a handful of file names in one directory, so their creates,
 * unlinks, links and symlinks race with each other.  Mixed in are calls
 * with bad arguments (kernel and unmapped pointers, bad descriptors,
 * unknown flags), which must fail with -1, and children that fault or are
 * killed, which must be reported by wait() as -1.  At the end the parent
 * checks that the file system and fork still work and cleans up.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "user/user.h"
#include "user/kite.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/sysinfo.h"

#define NWORKERS 4
#define DEFAULT_ITERS 2000
#define NNAMES 8              /* shared names g0..g7 */
#define NHELD 8               /* descriptors a worker keeps open at most */
#define HEAPMAX (16 * PGSIZE) /* how far a worker grows its heap */
#define WORKDIR "/grinddir"

static char buf[2048];
static char buf2[2048];
static int held[NHELD];
static char *heapbase;
static int heapsize;
static int worker_id;
static char private_name[4]; /* "w0".. : only this worker touches it */
static int iter;
static uint64 rng;

static uint64 bad_ptrs[8];
static int nbad;

static uint64 next_rand(void)
{
	/* xorshift64: small, and good enough to pick system calls. */
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int pick(int n)
{
	return (int)(next_rand() % (uint64)n);
}

static void broken(const char *what)
{
	printf("grind: worker %d, iteration %d: %s\n", worker_id, iter, what);
	exit(1);
}

static void name_of(char *out, int i)
{
	out[0] = 'g';
	out[1] = '0' + i;
	out[2] = 0;
}

static void random_name(char *out)
{
	name_of(out, pick(NNAMES));
}

static int held_slot(void)
{
	return pick(NHELD);
}

static void keep_fd(int fd)
{
	int s = held_slot();

	if (held[s] >= 0)
		close(held[s]);
	held[s] = fd;
}

static void expect_fail(int r, const char *what)
{
	if (r != -1)
		broken(what);
}

/* A child that is expected to die: it reads or writes memory it may not. */
static void faulting_child(void)
{
	uint64 addr = bad_ptrs[pick(nbad)];
	int pid, status;

	pid = fork();
	if (pid < 0)
		return; /* out of processes or memory: allowed */
	if (pid == 0) {
		if (pick(2))
			*(volatile char *)addr = 1;
		else
			buf[0] = *(volatile char *)addr;
		exit(0); /* should not get here */
	}
	if (wait(&status) != pid || status != -1)
		broken("a child touching a bad address was not killed");
}

/* A child spinning or sleeping is killed; wait must report -1. */
static void killed_child(void)
{
	int pid, status, spin = pick(2);

	pid = fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		for (;;) {
			if (!spin)
				sleep(100);
		}
	}
	if (pick(2))
		sleep(1);
	if (kill(pid) < 0)
		broken("kill of own child failed");
	if (wait(&status) != pid || status != -1)
		broken("killed child not reported with status -1");
}

/* fork a child that makes a few calls of its own and exits with a code. */
static void short_child(void)
{
	int pid, status, code = pick(100), fd;
	char name[4];

	random_name(name);
	pid = fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		fd = open(name, O_CREATE | O_WRONLY);
		if (fd >= 0) {
			write(fd, buf, pick(sizeof(buf)));
			close(fd);
		}
		if (pick(2))
			unlink(name);
		exit(code);
	}
	if (wait(&status) != pid)
		broken("wait did not return the child's pid");
	if (status != code)
		broken("wrong exit status from child");
}

static void pipe_round_trip(void)
{
	int p[2], n = 1 + pick(512), i;

	if (pipe(p) < 0)
		return; /* descriptor table may be full */
	for (i = 0; i < n; i++)
		buf[i] = (char)next_rand();
	if (write(p[1], buf, n) != n)
		broken("pipe write short");
	if (pick(2)) {
		close(p[1]);
		if (read(p[0], buf2, sizeof(buf2)) != n)
			broken("pipe read wrong count");
		if (read(p[0], buf2 + n, 1) != 0)
			broken("pipe without writers gave no end-of-file");
		close(p[0]);
	} else {
		if (read(p[0], buf2, n) != n)
			broken("pipe read wrong count");
		close(p[0]);
		expect_fail(write(p[1], buf, 1), "pipe write with no reader did not fail");
		close(p[1]);
	}
	if (memcmp(buf, buf2, n) != 0)
		broken("pipe data corrupted");
}

static void heap_step(void)
{
	int delta;
	char *p;

	if (pick(2) && heapsize + PGSIZE <= HEAPMAX) {
		delta = PGSIZE * (1 + pick((HEAPMAX - heapsize) / PGSIZE));
		p = sbrk(delta);
		if (p == (char *)-1)
			return; /* out of memory: allowed */
		if (p != heapbase + heapsize)
			broken("sbrk returned the wrong old break");
		memset(p, worker_id + 1, delta);
		heapsize += delta;
	} else if (heapsize > 0) {
		delta = PGSIZE * (1 + pick(heapsize / PGSIZE));
		if (sbrk(-delta) == (char *)-1)
			broken("sbrk shrink failed");
		heapsize -= delta;
		if (heapsize > 0 && heapbase[heapsize - 1] != worker_id + 1)
			broken("heap contents changed");
	}
}

/* Calls whose pointer argument is bad must fail without side effects. */
static void bad_pointer_call(void)
{
	char *bad = (char *)bad_ptrs[pick(nbad)];
	int fd;

	switch (pick(9)) {
	case 0:
		/* The private file holds data, so the copy-out must be attempted. */
		fd = open(private_name, O_RDONLY);
		if (fd < 0)
			broken("cannot open the private file");
		expect_fail(read(fd, bad, 64), "read into a bad pointer");
		close(fd);
		break;
	case 1:
		fd = open(private_name, O_WRONLY);
		if (fd < 0)
			broken("cannot open the private file");
		expect_fail(write(fd, bad, 64), "write from a bad pointer");
		close(fd);
		break;
	case 2:
		expect_fail(open(bad, O_RDONLY), "open of a bad path pointer");
		break;
	case 3:
		expect_fail(fstat(0, (struct stat *)bad), "fstat into a bad pointer");
		break;
	case 4:
		expect_fail(pipe((int *)bad), "pipe into a bad pointer");
		break;
	case 5:
		expect_fail(unlink(bad), "unlink of a bad path pointer");
		break;
	case 6:
		expect_fail(mkdir(bad), "mkdir of a bad path pointer");
		break;
	case 7:
		expect_fail(sysinfo((struct sysinfo *)bad), "sysinfo into a bad pointer");
		break;
	case 8:
		expect_fail(link("g0", bad), "link to a bad path pointer");
		break;
	}
}

static void bad_fd_call(void)
{
	static const int bad_fds[] = {-1, NOFILE, NOFILE + 1, 1 << 30, -(1 << 30)};
	int fd = bad_fds[pick(sizeof(bad_fds) / sizeof(bad_fds[0]))];
	struct stat st;

	switch (pick(5)) {
	case 0:
		expect_fail(read(fd, buf, 10), "read of a bad fd");
		break;
	case 1:
		expect_fail(write(fd, buf, 10), "write of a bad fd");
		break;
	case 2:
		expect_fail(close(fd), "close of a bad fd");
		break;
	case 3:
		expect_fail(fstat(fd, &st), "fstat of a bad fd");
		break;
	case 4:
		expect_fail(dup(fd), "dup of a bad fd");
		break;
	}
}

static void one_step(void)
{
	char name[4], name2[4];
	int fd, s, n, r;
	struct stat st;

	random_name(name);
	random_name(name2);
	switch (pick(20)) {
	case 0:
	case 1:
		fd = open(name, pick(O_ALLFLAGS + 1) & O_ALLFLAGS);
		if (fd >= 0)
			keep_fd(fd);
		break;
	case 2:
		s = held_slot();
		if (held[s] >= 0) {
			if (close(held[s]) < 0)
				broken("close of an open fd failed");
			held[s] = -1;
		}
		break;
	case 3:
		s = held_slot();
		if (held[s] >= 0) {
			n = pick(sizeof(buf));
			r = write(held[s], buf, n);
			if (r > n)
				broken("write claims more than asked");
		}
		break;
	case 4:
		s = held_slot();
		if (held[s] >= 0) {
			n = pick(sizeof(buf));
			r = read(held[s], buf2, n);
			if (r > n)
				broken("read claims more than asked");
		}
		break;
	case 5:
		unlink(name);
		break;
	case 6:
		if (pick(2)) {
			mkdir("gd");
			fd = open("gd/x", O_CREATE | O_RDWR);
			if (fd >= 0)
				close(fd);
		} else {
			unlink("gd/x");
			unlink("gd");
		}
		break;
	case 7:
		link(name, name2);
		break;
	case 8:
		symlink(name, name2);
		fd = open(name2, pick(2) ? O_RDONLY : O_NOFOLLOW);
		if (fd >= 0)
			close(fd);
		break;
	case 9:
		pipe_round_trip();
		break;
	case 10:
		short_child();
		break;
	case 11:
		heap_step();
		break;
	case 12:
		bad_pointer_call();
		break;
	case 13:
		bad_fd_call();
		break;
	case 14:
		s = held_slot();
		if (held[s] >= 0) {
			if (fstat(held[s], &st) < 0)
				broken("fstat of an open fd failed");
			fd = dup(held[s]);
			if (fd >= 0)
				close(fd);
		}
		break;
	case 15:
		if (chdir("gd") == 0 && chdir(WORKDIR) < 0)
			broken("could not chdir back");
		break;
	case 16:
		if (pick(8) == 0)
			killed_child();
		break;
	case 17:
		if (pick(8) == 0)
			faulting_child();
		break;
	case 18:
		/* These files never hold an ELF image, so exec must fail. */
		{
			char *argv[2];

			argv[0] = name;
			argv[1] = 0;
			expect_fail(exec(name, argv), "exec of a non-ELF file");
		}
		break;
	case 19:
		expect_fail(open(name, O_CREATE | O_RDWR | 0x4000), "open with unknown flag bits");
		if (getpid() <= 0)
			broken("getpid");
		break;
	}
}

static void worker(int w, int iters)
{
	int i;

	worker_id = w;
	rng = 0x9e3779b97f4a7c15ULL ^ (uint64)(w + 1) * 0x100000001b3ULL;
	for (i = 0; i < NHELD; i++)
		held[i] = -1;
	heapbase = sbrk(0);
	heapsize = 0;

	bad_ptrs[0] = 0xffffffffffffffffULL;
	bad_ptrs[1] = KERNBASE;
	bad_ptrs[2] = KERNBASE + 0x200000;
	bad_ptrs[3] = TRAPFRAME;
	bad_ptrs[4] = TRAMPOLINE;
	bad_ptrs[5] = MAXVA;
	bad_ptrs[6] = PGROUNDUP((uint64)heapbase) + HEAPMAX + 2 * PGSIZE;
	nbad = 7;

	private_name[0] = 'w';
	private_name[1] = '0' + w;
	private_name[2] = 0;
	i = open(private_name, O_CREATE | O_TRUNC | O_WRONLY);
	if (i < 0 || write(i, buf, sizeof(buf)) != sizeof(buf))
		broken("cannot write the private file");
	close(i);

	for (iter = 0; iter < iters; iter++)
		one_step();
	for (i = 0; i < NHELD; i++)
		if (held[i] >= 0)
			close(held[i]);
	unlink(private_name);
	exit(0);
}

static void cleanup(void)
{
	char name[4];
	int i;

	for (i = 0; i < NNAMES; i++) {
		name_of(name, i);
		unlink(name);
	}
	unlink("gd/x");
	unlink("gd");
	for (i = 0; i < NWORKERS; i++) {
		name[0] = 'w';
		name[1] = '0' + i;
		name[2] = 0;
		unlink(name);
	}
}

/* After the storm: the basics must still work. */
static int sanity(void)
{
	int fd, pid, status;

	fd = open("gcheck", O_CREATE | O_RDWR);
	if (fd < 0 || write(fd, "ok", 2) != 2)
		return 0;
	close(fd);
	fd = open("gcheck", O_RDONLY);
	if (fd < 0 || read(fd, buf, 2) != 2 || buf[0] != 'o' || buf[1] != 'k')
		return 0;
	close(fd);
	if (unlink("gcheck") < 0)
		return 0;
	pid = fork();
	if (pid < 0)
		return 0;
	if (pid == 0)
		exit(7);
	if (wait(&status) != pid || status != 7)
		return 0;
	return 1;
}

int main(int argc, char *argv[])
{
	int iters = DEFAULT_ITERS, w, pid, status, failed = 0;

	if (argc > 1)
		iters = atoi(argv[1]);
	if (iters <= 0) {
		printf("usage: grind [iterations]\n");
		exit(1);
	}
	/* A write to a pipe without a reader must fail with -1 (checked in
	 * pipe_round_trip), not end the worker: SIGPIPE is ignored. */
	signal(SIGPIPE, SIG_IGN);
	mkdir(WORKDIR);
	if (chdir(WORKDIR) < 0) {
		printf("grind: cannot chdir to %s\n", WORKDIR);
		exit(1);
	}
	cleanup();

	printf("grind: %d workers, %d iterations each\n", NWORKERS, iters);
	for (w = 0; w < NWORKERS; w++) {
		pid = fork();
		if (pid < 0) {
			printf("grind: fork failed\n");
			failed = 1;
			break;
		}
		if (pid == 0)
			worker(w, iters);
	}
	while (wait(&status) >= 0)
		if (status != 0)
			failed = 1;

	if (chdir(WORKDIR) < 0 || !sanity()) {
		printf("grind: the system is no longer working properly\n");
		failed = 1;
	}
	cleanup();
	chdir("/");
	unlink(WORKDIR);
	if (failed) {
		printf("grind: FAILED\n");
		exit(1);
	}
	printf("grind: %d iterations ok\n", iters);
	exit(0);
}
