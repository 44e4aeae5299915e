/*
 * sync.c: threadtest's checks of what threads share: a mutex under
 * contention, ids and joins, futexes, condition variables, malloc, the
 * page table after fork (TLB shootdown) and the descriptor table.
 */
#include "threadtest.h"

#define NWORKERS 8   /* more threads than harts */
#define ROUNDS 20000 /* lock/unlock pairs per worker */

/* -------------------------------------------------------------- mutex */

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile long counter;

static void *add_many(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&counter_lock);
		counter = counter + 1; /* not atomic: only the mutex keeps it exact */
		pthread_mutex_unlock(&counter_lock);
	}
	return (void *)(uint64)gettid();
}

void test_mutex(void)
{
	pthread_t t[NWORKERS];
	counter = 0;
	for (int i = 0; i < NWORKERS; i++)
		EXPECT(pthread_create(&t[i], 0, add_many, 0) == 0);
	for (int i = 0; i < NWORKERS; i++) {
		void *ret = 0;
		EXPECT(pthread_join(t[i], &ret) == 0);
		EXPECT((uint64)ret == (uint64)t[i]); /* each returned its own tid */
	}
	EXPECT(counter == (long)NWORKERS * ROUNDS);
	EXPECT(pthread_mutex_trylock(&counter_lock) == 0);
	EXPECT(pthread_mutex_trylock(&counter_lock) == EBUSY);
	EXPECT(pthread_mutex_destroy(&counter_lock) == EBUSY);
	EXPECT(pthread_mutex_unlock(&counter_lock) == 0);
	EXPECT(pthread_mutex_destroy(&counter_lock) == 0);
}

/* ------------------------------------------------------------- ids, join */

static int seen_pid, seen_tid;

static void *report_ids(void *arg)
{
	seen_pid = getpid();
	seen_tid = gettid();
	EXPECT(pthread_self() == gettid());
	return arg;
}

void test_ids(void)
{
	pthread_t t;
	EXPECT(gettid() == getpid()); /* the main thread's id is the pid */
	EXPECT(pthread_create(&t, 0, report_ids, (void *)7) == 0);
	void *ret;
	EXPECT(pthread_join(t, &ret) == 0 && ret == (void *)7);
	EXPECT(seen_pid == getpid());
	EXPECT(seen_tid == t && seen_tid != getpid());
}

static void *quick(void *arg)
{
	return arg;
}

void test_join_exited(void)
{
	pthread_t t;
	EXPECT(pthread_create(&t, 0, quick, (void *)42) == 0);
	sleep(5); /* long enough for it to have ended */
	void *ret = 0;
	EXPECT(pthread_join(t, &ret) == 0 && ret == (void *)42);
	EXPECT(pthread_join(t, &ret) == ESRCH); /* only once */
	EXPECT(thread_join(t, 0) == -1 && errno == ESRCH);
	EXPECT(thread_join(gettid(), 0) == -1 && errno == EINVAL); /* itself */
	EXPECT(thread_join(123456, 0) == -1 && errno == ESRCH);
}

/* ------------------------------------------------------- futex, bad args */

void test_futex(void)
{
	static int word = 5;
	EXPECT(futex_wait(&word, 4, 0) == -1 && errno == EAGAIN);
	int t0 = uptime();
	EXPECT(futex_wait(&word, 5, 3) == -1 && errno == ETIMEDOUT);
	EXPECT(uptime() - t0 >= 2);
	EXPECT(futex_wait((int *)((char *)&word + 1), 5, 0) == -1 && errno == EINVAL);
	EXPECT(futex_wait((int *)(uint64)KERNBASE, 0, 0) == -1 && errno == EFAULT);
	EXPECT(futex_wait((int *)(MAXVA - 8), 0, 0) == -1 && errno == EFAULT);
	EXPECT(futex_wait((int *)(HEAP_TOP - PGSIZE), 0, 0) == -1 &&
	       errno == EFAULT); /* unmapped */
	EXPECT(futex_wake((int *)(uint64)KERNBASE, 1) == -1 && errno == EFAULT);
	EXPECT(futex_wake(&word, 1) == 0); /* nobody waits */
	EXPECT(futex_wait(&word, 5, -1) == -1 && errno == EINVAL);
}

/* ------------------------------------------------------------ memory */

/* Threads keep writing while the main thread forks: after fork the child
 * must never see its copy change (the parent's harts must have dropped
 * their writable translations of the now copy-on-write pages). */
static volatile uint64 writes[NWORKERS * 64];
static volatile int stop_writing;

static void *writer(void *arg)
{
	int i = (int)(uint64)arg;
	while (!stop_writing)
		writes[i * 64]++;
	return 0;
}

void test_cow(void)
{
	pthread_t t[2];
	stop_writing = 0;
	for (int i = 0; i < 2; i++)
		EXPECT(pthread_create(&t[i], 0, writer, (void *)(uint64)i) == 0);
	for (int round = 0; round < 10; round++) {
		int pid = fork();
		if (pid == 0) {
			uint64 a = writes[0], b = writes[64];
			sleep(1);
			exit(a == writes[0] && b == writes[64] ? 0 : 1);
		}
		EXPECT(child_status(pid) == 0);
	}
	stop_writing = 1;
	for (int i = 0; i < 2; i++)
		EXPECT(pthread_join(t[i], 0) == 0);
	EXPECT(writes[0] > 0 && writes[64] > 0);
}

static void *churn(void *arg)
{
	(void)arg;
	for (int i = 0; i < 500; i++) {
		char *p = malloc(100 + i);
		EXPECT(p);
		memset(p, i, 100 + i);
		char *q = malloc(3000);
		EXPECT(q);
		for (int j = 0; j < 100 + i; j++)
			EXPECT(p[j] == (char)i);
		free(p);
		free(q);
	}
	return 0;
}

void test_malloc(void)
{
	pthread_t t[NWORKERS];
	for (int i = 0; i < NWORKERS; i++)
		EXPECT(pthread_create(&t[i], 0, churn, 0) == 0);
	for (int i = 0; i < NWORKERS; i++)
		EXPECT(pthread_join(t[i], 0) == 0);
}

/* ------------------------------------------------ condition variables */

static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_ready = PTHREAD_COND_INITIALIZER;
static int q_items, q_taken;

#define ITEMS 2000

static void *consumer(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_mutex_lock(&q_lock);
		while (q_items == 0 && q_taken < ITEMS)
			pthread_cond_wait(&q_ready, &q_lock);
		if (q_taken == ITEMS) {
			pthread_mutex_unlock(&q_lock);
			return 0;
		}
		q_items--;
		q_taken++;
		if (q_taken == ITEMS)
			pthread_cond_broadcast(&q_ready);
		pthread_mutex_unlock(&q_lock);
	}
}

void test_cond(void)
{
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		EXPECT(pthread_create(&t[i], 0, consumer, 0) == 0);
	for (int i = 0; i < ITEMS; i++) {
		pthread_mutex_lock(&q_lock);
		q_items++;
		pthread_cond_signal(&q_ready);
		pthread_mutex_unlock(&q_lock);
	}
	for (int i = 0; i < 3; i++)
		EXPECT(pthread_join(t[i], 0) == 0);
	EXPECT(q_taken == ITEMS && q_items == 0);
}

/* ------------------------------------------------ one descriptor table */

#define PIPE_ROUNDS 300

static void *pipe_churn(void *arg)
{
	(void)arg;
	for (int i = 0; i < PIPE_ROUNDS; i++) {
		int p[2];
		char c = 0;
		EXPECT(pipe(p) == 0);
		EXPECT(write(p[1], "x", 1) == 1);
		EXPECT(read(p[0], &c, 1) == 1 && c == 'x');
		EXPECT(close(p[0]) == 0 && close(p[1]) == 0);
		int d = dup(1);
		EXPECT(d >= 0 && close(d) == 0);
	}
	return 0;
}

static int shared_pipe[2];

static void *blocked_reader(void *arg)
{
	(void)arg;
	char buf[4];
	int n = read(shared_pipe[0], buf, sizeof(buf)); /* blocks; its fd is closed meanwhile */
	EXPECT(n == 2 && buf[0] == 'o' && buf[1] == 'k');
	EXPECT(read(shared_pipe[0], buf, 1) == -1 && errno == EBADF);
	return 0;
}

void test_files(void)
{
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		EXPECT(pthread_create(&t[i], 0, pipe_churn, 0) == 0);
	for (int i = 0; i < 4; i++)
		EXPECT(pthread_join(t[i], 0) == 0);
	/* A file opened by one thread is there for the others. */
	EXPECT(pipe(shared_pipe) == 0);
	EXPECT(pthread_create(&t[0], 0, blocked_reader, 0) == 0);
	sleep(3);
	EXPECT(close(shared_pipe[0]) == 0); /* the reader's call keeps the file */
	EXPECT(write(shared_pipe[1], "ok", 2) == 2);
	EXPECT(pthread_join(t[0], 0) == 0);
	EXPECT(close(shared_pipe[1]) == 0);
}

/* ------------------------------------------------------------ cwd */

#define CWD_ROUNDS 400 /* chdirs between the two directories */
#define CWD_READERS 3
#define CWD_CHURN (NINODE + 8) /* files opened in turn, so that freed inode slots are reused */

static volatile int cwd_flips_done;

/* Moves the process between /tcwd/a and /tcwd/b. */
static void *cwd_flipper(void *arg)
{
	(void)arg;
	long bad = 0;
	for (int i = 0; i < CWD_ROUNDS && !bad; i++)
		bad = chdir(i % 2 ? "/tcwd/b" : "/tcwd/a") < 0;
	cwd_flips_done = 1;
	return (void *)bad;
}

/* Opens "m" relative to wherever the process is: it is in both directories. */
static void *cwd_reader(void *arg)
{
	(void)arg;
	while (!cwd_flips_done) {
		char c = 0;
		int fd = open("m", O_RDONLY);
		if (fd < 0)
			return (void *)1;
		int n = read(fd, &c, 1);
		close(fd);
		if (n != 1 || (c != 'a' && c != 'b'))
			return (void *)1;
	}
	return 0;
}

/* Opens more files than the inode table holds, one after another: a slot
 * a dropped directory left is soon another file's. */
static void *cwd_churner(void *arg)
{
	(void)arg;
	char name[] = "/tcwd/c/NN";
	while (!cwd_flips_done)
		for (int i = 0; i < CWD_CHURN; i++) {
			name[sizeof(name) - 3] = (char)('0' + i / 10);
			name[sizeof(name) - 2] = (char)('0' + i % 10);
			int fd = open(name, O_RDONLY);
			if (fd < 0)
				return (void *)1;
			close(fd);
		}
	return 0;
}

static void put_marker(const char *path, char c)
{
	int fd = open(path, O_CREATE | O_WRONLY | O_TRUNC);
	EXPECT(fd >= 0 && write(fd, &c, 1) == 1);
	close(fd);
}

/* One thread's chdir while the others walk relative paths: every walk
 * starts from the old directory or the new one, never from a dropped one. */
void test_cwd(void)
{
	EXPECT(mkdir("/tcwd") == 0 && mkdir("/tcwd/a") == 0 && mkdir("/tcwd/b") == 0);
	put_marker("/tcwd/a/m", 'a');
	put_marker("/tcwd/b/m", 'b');
	EXPECT(mkdir("/tcwd/c") == 0);
	char name[] = "/tcwd/c/NN";
	for (int i = 0; i < CWD_CHURN; i++) {
		name[sizeof(name) - 3] = (char)('0' + i / 10);
		name[sizeof(name) - 2] = (char)('0' + i % 10);
		put_marker(name, 'c');
	}
	EXPECT(chdir("/tcwd/a") == 0);
	cwd_flips_done = 0;
	pthread_t t[CWD_READERS + 2];
	EXPECT(pthread_create(&t[0], 0, cwd_flipper, 0) == 0);
	for (int i = 1; i <= CWD_READERS; i++)
		EXPECT(pthread_create(&t[i], 0, cwd_reader, 0) == 0);
	EXPECT(pthread_create(&t[CWD_READERS + 1], 0, cwd_churner, 0) == 0);
	for (int i = 0; i <= CWD_READERS + 1; i++) {
		void *r = (void *)1;
		EXPECT(pthread_join(t[i], &r) == 0 && r == 0);
	}
	EXPECT(chdir("/") == 0);
	for (int i = 0; i < CWD_CHURN; i++) {
		name[sizeof(name) - 3] = (char)('0' + i / 10);
		name[sizeof(name) - 2] = (char)('0' + i % 10);
		EXPECT(unlink(name) == 0);
	}
	EXPECT(unlink("/tcwd/a/m") == 0 && unlink("/tcwd/b/m") == 0);
	EXPECT(unlink("/tcwd/a") == 0 && unlink("/tcwd/b") == 0 && unlink("/tcwd/c") == 0);
	EXPECT(unlink("/tcwd") == 0);
}

/* ------------------------------------------------------------ maps */

#define MAPS_THREADS 3
#define MAPS_ROUNDS 60
#define MAPS_PAGES 4 /* pages of the file each round maps */

static int maps_fd;

/* Maps the file, reads a byte of every page (each fault reads the table
 * while the other threads change it), checks it and unmaps, round after round. */
static void *maps_churn(void *arg)
{
	(void)arg;
	for (int r = 0; r < MAPS_ROUNDS; r++) {
		char *m = mmap(0, MAPS_PAGES * PGSIZE, PROT_READ, MAP_SHARED, maps_fd, 0);
		if (m == MAP_FAILED)
			return (void *)1;
		for (int pg = 0; pg < MAPS_PAGES; pg++)
			if (m[pg * PGSIZE] != (char)('A' + pg))
				return (void *)1;
		if (munmap(m, MAPS_PAGES * PGSIZE) != 0)
			return (void *)1;
	}
	return 0;
}

/* Threads mapping, faulting on and unmapping one file at once: the table
 * changes under one thread while the others' faults read it. */
void test_maps(void)
{
	maps_fd = open("/tmaps", O_CREATE | O_RDWR);
	EXPECT(maps_fd >= 0);
	static char page[PGSIZE];
	for (int pg = 0; pg < MAPS_PAGES; pg++) {
		memset(page, 'A' + pg, sizeof(page));
		EXPECT(write(maps_fd, page, sizeof(page)) == sizeof(page));
	}
	pthread_t t[MAPS_THREADS];
	for (int i = 0; i < MAPS_THREADS; i++)
		EXPECT(pthread_create(&t[i], 0, maps_churn, 0) == 0);
	for (int i = 0; i < MAPS_THREADS; i++) {
		void *r = (void *)1;
		EXPECT(pthread_join(t[i], &r) == 0 && r == 0);
	}
	close(maps_fd);
	EXPECT(unlink("/tmaps") == 0);
}
