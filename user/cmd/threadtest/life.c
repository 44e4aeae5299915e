/*
 * life.c: threadtest's checks of how threads and their process begin
 * and end: a fault, exit and kill from any thread, the main thread ending
 * first, bad arguments, fork and exec, signals, and ps's view.
 */
#include "threadtest.h"

/* ----------------------------------------------- a fault, exit, a kill */

static void *touch_bad(void *arg)
{
	(void)arg;
	*(volatile int *)(uint64)KERNBASE = 1; /* not the user's: kills the process */
	return 0;
}

void test_fault(void)
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

void test_exit(void)
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

void test_kill(void)
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

void test_main_exit(void)
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

/* ---------------------------------------------------- bad arguments */

static void body_exit(void *arg)
{
	(void)arg;
	thread_exit(3);
}

static void returns(void *arg)
{
	(void)arg;
}

void test_badargs(void)
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

/* ------------------------------------------------------ fork and exec */

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

void test_fork(void)
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

void test_exec(void)
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
void test_signals(void)
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

/* Threads that sleep a while, for ps and Ctrl-P to see. */
#define NAPPERS 3
#define NAP_TICKS 60

static void *nap(void *arg)
{
	(void)arg;
	sleep(NAP_TICKS);
	return 0;
}

void test_nap(void)
{
	pthread_t t[NAPPERS];
	for (int i = 0; i < NAPPERS; i++)
		EXPECT(pthread_create(&t[i], 0, nap, 0) == 0);
	EXPECT(rows_of(getpid()) == NAPPERS + 1);
	for (int i = 0; i < NAPPERS; i++)
		EXPECT(pthread_join(t[i], 0) == 0);
	EXPECT(rows_of(getpid()) == 1);
}
