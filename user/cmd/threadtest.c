/*
 * threadtest: checks of kernel threads, futexes and the pthread subset,
 * one per argument, for grade/test_threads.py.  Each prints "NAME: ok"
 * when its checks pass or "NAME: FAIL what" at the first that does not.
 * "threadtest all" runs every check.  The checks that end a process on
 * purpose (a fault, exit from a thread, a kill) run it in a child.
 */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/sysinfo.h"
#include "kernel/memlayout.h"
#include "kernel/riscv.h"
#include "user/user.h"
#include "user/kite.h"
#include "user/pthread.h"

#define NWORKERS 8   /* more threads than harts */
#define ROUNDS 20000 /* lock/unlock pairs per worker */

static const char *current;

static void failed(const char *what)
{
	printf("%s: FAIL %s\n", current, what);
	exit(1);
}

#define EXPECT(cond)                                                                               \
	do {                                                                                       \
		if (!(cond))                                                                       \
			failed(#cond);                                                             \
	} while (0)

/* The status a child process pid ended with. */
static int child_status(int pid)
{
	int st = 12345;
	EXPECT(pid > 0);
	EXPECT(wait(&st) == pid);
	return st;
}

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

static void test_mutex(void)
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

static void test_ids(void)
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

static void test_join_exited(void)
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

/* ----------------------------------------------- a fault, exit, a kill */

static void *touch_bad(void *arg)
{
	(void)arg;
	*(volatile int *)(uint64)KERNBASE = 1; /* not the user's: kills the process */
	return 0;
}

static void spin_forever(void) __attribute__((noreturn));
static void spin_forever(void)
{
	for (;;)
		;
}

static void *spin(void *arg)
{
	(void)arg;
	spin_forever();
}

static void test_fault(void)
{
	int pid = fork();
	if (pid == 0) {
		pthread_t t[3];
		EXPECT(pthread_create(&t[0], 0, spin, 0) == 0);
		EXPECT(pthread_create(&t[1], 0, spin, 0) == 0);
		EXPECT(pthread_create(&t[2], 0, touch_bad, 0) == 0);
		spin_forever();
	}
	EXPECT(child_status(pid) == -1);
}

static void *exit_seven(void *arg)
{
	(void)arg;
	sleep(2);
	exit(7);
}

static void test_exit(void)
{
	int pid = fork();
	if (pid == 0) {
		pthread_t t;
		for (int i = 0; i < 3; i++)
			EXPECT(pthread_create(&t, 0, spin, 0) == 0);
		EXPECT(pthread_create(&t, 0, exit_seven, 0) == 0);
		spin_forever();
	}
	EXPECT(child_status(pid) == 7);
}

/* How many rows of procinfo belong to process pid. */
static int rows_of(int pid)
{
	static struct procinfo rows[NPROC];
	int n = procinfo(rows, NPROC), k = 0;
	for (int i = 0; i < n; i++)
		if (rows[i].pid == pid)
			k++;
	return k;
}

static void test_kill(void)
{
	int p[2];
	EXPECT(pipe(p) == 0);
	int pid = fork();
	if (pid == 0) {
		pthread_t t;
		for (int i = 0; i < 4; i++)
			EXPECT(pthread_create(&t, 0, spin, 0) == 0);
		write(p[1], "x", 1);
		pause(1000);
		exit(0);
	}
	char c;
	EXPECT(read(p[0], &c, 1) == 1);
	EXPECT(rows_of(pid) == 5); /* ps sees the main thread and four more */
	EXPECT(kill(pid) == 0);
	EXPECT(child_status(pid) == -1);
	EXPECT(rows_of(pid) == 0); /* every thread is gone once wait saw it */
	close(p[0]);
	close(p[1]);
}

/* The main thread ends first; the process lives on until the last thread. */
static void *write_late(void *arg)
{
	sleep(3);
	write(*(int *)arg, "late", 4);
	return 0;
}

static void test_main_exit(void)
{
	static int p[2];
	EXPECT(pipe(p) == 0);
	int pid = fork();
	if (pid == 0) {
		pthread_t t;
		EXPECT(pthread_create(&t, 0, write_late, &p[1]) == 0);
		pthread_exit(0);
	}
	close(p[1]);
	char buf[8];
	EXPECT(read(p[0], buf, sizeof(buf)) == 4);
	EXPECT(child_status(pid) == 0);
	EXPECT(wait(0) == -1); /* seen once */
	close(p[0]);
}

/* ------------------------------------------------------- futex, bad args */

static void test_futex(void)
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

static void body_exit(void *arg)
{
	(void)arg;
	thread_exit(3);
}

static void returns(void *arg)
{
	(void)arg;
}

static void test_badargs(void)
{
	char *stack = malloc(PGSIZE);
	char *top = stack + PGSIZE;
	EXPECT(thread_create(body_exit, 0, top - 8) == -1 && errno == EINVAL); /* unaligned */
	EXPECT(thread_create(body_exit, 0, (void *)(uint64)KERNBASE) == -1 && errno == EFAULT);
	EXPECT(thread_create(body_exit, 0, (void *)(MAXVA - PGSIZE)) == -1 && errno == EFAULT);
	EXPECT(thread_create(body_exit, 0, (void *)(HEAP_TOP - PGSIZE)) == -1 && errno == EFAULT);
	EXPECT(thread_create(body_exit, 0, 0) == -1 && errno == EFAULT);
	EXPECT(thread_create((void (*)(void *))(uint64)KERNBASE, 0, top) == -1 && errno == EFAULT);
	/* A good one still works, and its status comes back. */
	int tid = thread_create(body_exit, 0, top), st = 0;
	EXPECT(tid > 0);
	EXPECT(thread_join(tid, &st) == 0 && st == 3);
	EXPECT(thread_join(tid, (int *)(uint64)KERNBASE) == -1 && errno == EFAULT);
	/* fn in the heap (not code), or a thread that returns: the process dies. */
	int pid = fork();
	if (pid == 0) {
		thread_create((void (*)(void *))stack, 0, top);
		spin_forever();
	}
	EXPECT(child_status(pid) == -1);
	pid = fork();
	if (pid == 0) {
		thread_create(returns, 0, top);
		spin_forever();
	}
	EXPECT(child_status(pid) == -1);
	free(stack);
}

/* ------------------------------------------------- fork and exec, memory */

static void *fork_child(void *arg)
{
	(void)arg;
	int pid = fork();
	if (pid == 0) {
		/* Only this thread was copied. */
		EXPECT(rows_of(getpid()) == 1);
		exit(5);
	}
	return (void *)(uint64)child_status(pid);
}

static void test_fork(void)
{
	pthread_t t, s;
	EXPECT(pthread_create(&s, 0, spin, 0) == 0);
	EXPECT(pthread_create(&t, 0, fork_child, 0) == 0);
	void *ret;
	EXPECT(pthread_join(t, &ret) == 0 && (uint64)ret == 5);
	/* exit ends the spinner too (the next check's parent sees that). */
}

/* exec from a thread other than the main one is refused (README). */
static void *exec_from_thread(void *arg)
{
	(void)arg;
	char *argv[] = {"echo", "not-reached", 0};
	EXPECT(exec("echo", argv) == -1 && errno == EBUSY);
	EXPECT(exec("no-such-program", argv) == -1); /* a bad path fails first */
	return 0;
}

static void test_exec(void)
{
	pthread_t e;
	EXPECT(pthread_create(&e, 0, exec_from_thread, 0) == 0);
	EXPECT(pthread_join(e, 0) == 0);
	int pid = fork();
	if (pid == 0) {
		pthread_t t;
		for (int i = 0; i < 3; i++)
			EXPECT(pthread_create(&t, 0, spin, 0) == 0);
		char *argv[] = {"echo", "exec-from-threads", 0};
		exec("echo", argv);
		failed("exec");
	}
	EXPECT(child_status(pid) == 0);
}

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

static void test_cow(void)
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

static void test_malloc(void)
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

static void test_cond(void)
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

/* ---------------------------------------------------------------- signals */

static volatile int got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1 = 1;
}

static void *spin_until_usr1(void *arg)
{
	(void)arg;
	while (!got_usr1)
		;
	return 0;
}

/* A signal to a process with threads: a terminating one ends it whether
 * the main thread waits in pthread_join or has ended (pthread_exit); one
 * with a handler runs it in the main thread, whose join then goes on. */
static void test_signals(void)
{
	int pid = fork();
	if (pid == 0) {
		pthread_t t;
		EXPECT(pthread_create(&t, 0, spin, 0) == 0);
		pthread_join(t, 0);
		exit(0);
	}
	sleep(5);
	EXPECT(kill(pid, SIGTERM) == 0);
	EXPECT(child_status(pid) == -1);

	pid = fork();
	if (pid == 0) {
		pthread_t t;
		EXPECT(pthread_create(&t, 0, spin, 0) == 0);
		pthread_exit(0);
	}
	sleep(5);
	EXPECT(kill(pid, SIGINT) == 0);
	EXPECT(child_status(pid) == -1);

	pid = fork();
	if (pid == 0) {
		signal(SIGUSR1, on_usr1);
		pthread_t t;
		EXPECT(pthread_create(&t, 0, spin_until_usr1, 0) == 0);
		EXPECT(pthread_join(t, 0) == 0);
		exit(got_usr1 ? 9 : 1);
	}
	sleep(5);
	EXPECT(kill(pid, SIGUSR1) == 0);
	EXPECT(child_status(pid) == 9);
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

static void test_files(void)
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

/* Threads that sleep a while, for ps and Ctrl-P to see. */
#define NAPPERS 3
#define NAP_TICKS 60

static void *nap(void *arg)
{
	(void)arg;
	sleep(NAP_TICKS);
	return 0;
}

static void test_nap(void)
{
	pthread_t t[NAPPERS];
	for (int i = 0; i < NAPPERS; i++)
		EXPECT(pthread_create(&t[i], 0, nap, 0) == 0);
	EXPECT(rows_of(getpid()) == NAPPERS + 1);
	for (int i = 0; i < NAPPERS; i++)
		EXPECT(pthread_join(t[i], 0) == 0);
	EXPECT(rows_of(getpid()) == 1);
}

struct check {
	const char *name;
	void (*fn)(void);
};

static const struct check checks[] = {
    {"mutex", test_mutex},         {"ids", test_ids},         {"join_exited", test_join_exited},
    {"fault", test_fault},         {"exit", test_exit},       {"kill", test_kill},
    {"main_exit", test_main_exit}, {"futex", test_futex},     {"badargs", test_badargs},
    {"fork", test_fork},           {"exec", test_exec},       {"cow", test_cow},
    {"malloc", test_malloc},       {"cond", test_cond},       {"nap", test_nap},
    {"files", test_files},         {"signals", test_signals},
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
