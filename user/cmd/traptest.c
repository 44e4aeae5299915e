/*
 * traptest [NAME...]: signals, kills and the lab alarm reach a process
 * that does nothing but system calls.  The return to user mode looks for
 * pending work without a lock (kernel/proc/signal.c, nothing_to_do); these
 * cases make sure that what another hart sends while the target loops in
 * getpid() still arrives.  Each case prints "traptest NAME: ok" or
 * "traptest NAME: FAILED: why"; the last line is "traptest: N passed, M
 * failed".  With no NAME every case runs.
 *
 * signal   a child on hart 1 loops in getpid() until its SIGUSR1 handler
 *          ran; the parent on hart 0 sends it
 * kill     the same child loops for good; SIGKILL from hart 0 ends it
 * threads  a child with a second thread on hart 2, both in getpid() loops:
 *          SIGUSR1 reaches the main thread's handler, then a kill ends a
 *          second such child, both threads
 * alarm    the lab alarm (sigalarm) fires while the process loops in
 *          getpid(), and its handler's sigreturn() goes back into the loop
 * nosys    numbers the table does not have (a gap, one past its end, a
 *          huge one) fail with ENOSYS through the dispatcher's slow path,
 *          and the process goes on
 *
 * Pinning (cpupin) puts sender and target on different harts; on a
 * machine with fewer harts a failed cpupin is ignored and the case still
 * runs on what there is.
 */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/syscall.h"
#include "kernel/errno.h"
#include "user/user.h"
#include "user/kite.h"

#define REACT_TICKS (5 * TICK_HZ) /* a sent signal must have acted by then */
#define LOOP_TICKS (10 * TICK_HZ) /* the alarm case's longest loop */
#define ALARM_CALLS 5
#define STACK_BYTES 4096
#define SENDER_HART 0
#define TARGET_HART 1
#define THREAD_HART 2
#define WRONG_PID 3 /* a looping child's exit status when getpid() lied */

static void fail(const char *what, long value)
{
	printf("traptest %s: FAILED: %s (%ld)\n", test_case_name, what, value);
	exit(1);
}
#define CHECK(cond, what, value)                                                                   \
	do {                                                                                       \
		if (!(cond))                                                                       \
			fail(what, (long)(value));                                                 \
	} while (0)

static volatile int got_sig;

static void on_usr1(int sig)
{
	got_sig = sig;
}

/* getpid() until a handler set got_sig (forever if none does). */
static void getpid_loop(int me)
{
	while (!got_sig)
		if (getpid() != me)
			exit(WRONG_PID);
}

static char thread_stack[STACK_BYTES] __attribute__((aligned(16)));

static void thread_loop(void *arg)
{
	cpupin(THREAD_HART);
	for (;;)
		if (getpid() != (int)(long)arg)
			exit(WRONG_PID);
}

/*
 * A child that runs body() on TARGET_HART, looping in getpid(), and the
 * parent moved to SENDER_HART: the child's pid once it is in its loop.
 * SIGUSR1's handler is set before the fork, so the child has it from its
 * first instruction.
 */
static int looping_child(int threads)
{
	int p[2];
	signal(SIGUSR1, on_usr1);
	CHECK(pipe(p) == 0, "pipe", 0);
	int c = fork();
	CHECK(c >= 0, "fork", c);
	if (c == 0) {
		int me = getpid();
		cpupin(TARGET_HART);
		if (threads)
			CHECK(thread_create(thread_loop, (void *)(long)me,
			                    thread_stack + sizeof(thread_stack)) > 0,
			      "thread_create", 0);
		write(p[1], "x", 1);
		getpid_loop(me);
		exit(got_sig == SIGUSR1 ? 0 : 2);
	}
	cpupin(SENDER_HART);
	char x;
	CHECK(read(p[0], &x, 1) == 1, "the child never started", 0);
	close(p[0]);
	close(p[1]);
	sleep(1); /* let it loop a while: the signal lands in the middle */
	return c;
}

/* c's wait status, which must come within REACT_TICKS of the signal. */
static int status_soon(int c)
{
	int st, t0 = uptime();
	while (waitpid(c, &st, WNOHANG) != c) {
		if (uptime() - t0 > REACT_TICKS) {
			kill(c, SIGKILL);
			waitpid(c, &st, 0);
			fail("the looping child did not react within ticks", REACT_TICKS);
		}
		sleep(1);
	}
	return st;
}

static void t_signal(void)
{
	int c = looping_child(0);
	CHECK(kill(c, SIGUSR1) == 0, "kill(SIGUSR1)", 0);
	int st = status_soon(c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the handler ran and the loop ended", st);
}

static void t_kill(void)
{
	int c = looping_child(0);
	CHECK(kill(c, SIGKILL) == 0, "kill(SIGKILL)", 0);
	int st = status_soon(c);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "killed by SIGKILL", st);
}

static void t_threads(void)
{
	int c = looping_child(1);
	CHECK(kill(c, SIGUSR1) == 0, "kill(SIGUSR1)", 0);
	int st = status_soon(c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the main thread's handler ran", st);
	c = looping_child(1);
	CHECK(kill(c, SIGKILL) == 0, "kill(SIGKILL)", 0);
	st = status_soon(c);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "both threads ended by SIGKILL", st);
}

static volatile int alarm_calls;

static void on_alarm(void)
{
	alarm_calls++;
	sigreturn();
}

static void t_alarm(void)
{
	int me = getpid(), calls = 0, t0 = uptime();
	CHECK(sigalarm(1, on_alarm) == 0, "sigalarm", 0);
	while (alarm_calls < ALARM_CALLS && uptime() - t0 < LOOP_TICKS)
		for (int i = 0; i < 1000; i++, calls++)
			CHECK(getpid() == me, "getpid() in the loop", calls);
	sigalarm(0, 0);
	CHECK(alarm_calls >= ALARM_CALLS, "alarm calls during the getpid() loop", alarm_calls);
}

/* System call num with a0 = 0, as the kernel returns it (no errno). */
static long raw_syscall(long num)
{
	register long a0 asm("a0") = 0;
	register long a7 asm("a7") = num;
	asm volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
	return a0;
}

static void t_nosys(void)
{
	static const long bad[] = {0, NSYSCALL, NSYSCALL + 1, 1L << 40, -1};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(raw_syscall(bad[i]) == -ENOSYS, "an unknown call's result", bad[i]);
	CHECK(getpid() > 0, "getpid after them", 0);
}

static const struct test_case cases[] = {
    {"signal", t_signal}, {"kill", t_kill},   {"threads", t_threads},
    {"alarm", t_alarm},   {"nosys", t_nosys},
};
#define NCASES (int)(sizeof(cases) / sizeof(cases[0]))

int main(int argc, char *argv[])
{
	exit(test_cases_run("traptest", cases, NCASES, argc, argv, 0) ? 1 : 0);
}
