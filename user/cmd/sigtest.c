/*
 * sigtest [NAME...]: the signal system calls, case by case.  Each case
 * prints "sigtest NAME: ok" or "sigtest NAME: FAILED: why"; the last line
 * is "sigtest: N passed, M failed".  With no NAME every case runs.
 *
 * regs     a handler runs and returns with every register as it was: an
 *          assembly loop holds known values in x1, x3..x31 while another
 *          process sends SIGUSR1 again and again
 *   (and the rest: see the table at the end)
 *
 * A case runs in a child of its own, so one that dies or hangs is one
 * failure (a case that hangs is killed after CASE_TICKS).
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "kernel/syscall.h"
#include "user/user.h"
#include "user/kite.h"

#define CASE_TICKS (30 * TICK_HZ) /* a case still running then has hung */
#define NO_SUCH_PID 999999
#define BAD_HANDLER ((sighandler_t)0x3fffff0000L) /* far above any user mapping */

static void fail(const char *fmt, const char *detail, long value)
{
	printf("sigtest %s: FAILED: ", test_case_name);
	printf(fmt, detail, value);
	printf("\n");
	exit(1);
}
#define CHECK(cond, what, value)                                                                   \
	do {                                                                                       \
		if (!(cond))                                                                       \
			fail("%s (%ld)", what, (long)(value));                                     \
	} while (0)

static volatile int count, last_sig, nested;

static void on_signal(int sig)
{
	count++;
	last_sig = sig;
}

static void set_handler(int sig, sighandler_t h, int flags)
{
	struct sigaction act;

	memset(&act, 0, sizeof(act));
	act.sa_handler = h;
	act.sa_flags = flags;
	CHECK(sigaction(sig, &act, 0) == 0, "sigaction", sig);
}

/* A child that sends sig to pid every tick until killed. */
static int pester(int pid, int sig)
{
	int c = fork();

	CHECK(c >= 0, "fork", c);
	if (c == 0) {
		for (;;) {
			if (kill(pid, sig) < 0)
				exit(0);
			sleep(1);
		}
	}
	return c;
}

static void stop_child(int pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, 0, 0);
}

/* ------------------------------------------------------------ registers */

/* The value register xN holds in the loop. */
#define PATTERN(n) (0x5a00000000000000UL + 0x0101010101UL * (n))
#define PAT_S(n) "0x5a00000000000000 + 0x0101010101 * " #n
#define LI(n) "li x" #n ", " PAT_S(n) "\n"
#define SV(n) "sd x" #n ", 128 + 8 * " #n "(sp)\n"
#define CP(n) "ld t5, 128 + 8 * " #n "(sp)\n sd t5, 8 * " #n "(t6)\n"
/* A table of registers, several to a line: not reflowed. */
/* clang-format off */
#define ALL_BUT_SP_T6(M) \
	M(1) M(3) M(4) M(5) M(6) M(7) M(8) M(9) M(10) M(11) M(12) M(13) M(14) M(15) M(16) \
	M(17) M(18) M(19) M(20) M(21) M(22) M(23) M(24) M(25) M(26) M(27) M(28) M(29) M(30)
/* clang-format on */

uint64 sigtest_regs[32]; /* what the loop held at its end */

/* Counts t6 down from iters with every other register but sp at PATTERN,
 * then stores them all in sigtest_regs (t6 ends at 0). */
static void __attribute__((noinline)) reg_loop(long iters)
{
	asm volatile(
	    "addi sp, sp, -384\n"
	    "sd ra, 0(sp)\n sd gp, 8(sp)\n sd tp, 16(sp)\n"
	    "sd s0, 24(sp)\n sd s1, 32(sp)\n sd s2, 40(sp)\n sd s3, 48(sp)\n"
	    "sd s4, 56(sp)\n sd s5, 64(sp)\n sd s6, 72(sp)\n sd s7, 80(sp)\n"
	    "sd s8, 88(sp)\n sd s9, 96(sp)\n sd s10, 104(sp)\n sd s11, 112(sp)\n"
	    "mv t6, %0\n" ALL_BUT_SP_T6(
	        LI) "1: addi t6, t6, -1\n"
	            "bnez t6, 1b\n" ALL_BUT_SP_T6(SV) SV(31) "la t6, sigtest_regs\n" ALL_BUT_SP_T6(
	                CP)
	                CP(31) "ld ra, 0(sp)\n ld gp, 8(sp)\n ld tp, 16(sp)\n"
	                       "ld s0, 24(sp)\n ld s1, 32(sp)\n ld s2, 40(sp)\n ld s3, 48(sp)\n"
	                       "ld s4, 56(sp)\n ld s5, 64(sp)\n ld s6, 72(sp)\n ld s7, 80(sp)\n"
	                       "ld s8, 88(sp)\n ld s9, 96(sp)\n ld s10, 104(sp)\n ld s11, 112(sp)\n"
	                       "addi sp, sp, 384\n"
	    :
	    : "r"(iters)
	    : "memory", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a0", "a1", "a2", "a3", "a4",
	      "a5", "a6", "a7");
}

/* Runs the loop until `*events` reached want (for at most 20 s),
 * checking the registers after each round. */
static void loop_until(volatile int *events, int want)
{
	int t0 = uptime();

	while (*events < want && uptime() - t0 < 20 * TICK_HZ) {
		reg_loop(2000000);
		for (int n = 1; n < 31; n++)
			if (n != 2 && sigtest_regs[n] != PATTERN(n))
				fail("register %s changed (x%ld)", "", n);
		CHECK(sigtest_regs[31] == 0, "the loop counter t6 ended at", sigtest_regs[31]);
	}
	CHECK(*events >= want, "too few signals arrived during the loop", *events);
}

/* A handler that also wrecks every caller-saved register it may. */
static void wrecking_handler(int sig)
{
	count++;
	last_sig = sig;
	asm volatile("li t0, -1\n li t1, -1\n li t2, -1\n li t3, -1\n li t4, -1\n li t5, -1\n"
	             "li t6, -1\n li a0, -1\n li a1, -1\n li a2, -1\n li a3, -1\n li a4, -1\n"
	             "li a5, -1\n li a6, -1\n li a7, -1\n" ::
	                 : "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a0", "a1", "a2", "a3", "a4",
	                   "a5", "a6", "a7");
}

static void t_regs(void)
{
	set_handler(SIGUSR1, wrecking_handler, SA_RESTART);
	int c = pester(getpid(), SIGUSR1);
	loop_until(&count, 5);
	stop_child(c);
	CHECK(last_sig == SIGUSR1, "the handler's argument", last_sig);
}

static volatile int lab_count;

static void lab_handler(void)
{
	lab_count++;
	sigreturn(); /* the lab's way back: registers from before the alarm */
}

/* The lab alarm (sigalarm) takes the same path back: a0 included. */
static void t_regs_alarm(void)
{
	CHECK(sigalarm(1, lab_handler) == 0, "sigalarm", 0);
	loop_until(&lab_count, 3);
	sigalarm(0, 0);
}

/* ------------------------------------------------------------ delivery */

static void t_kill_uncatchable(void)
{
	struct sigaction act;
	sigset_t all;
	int st;

	memset(&act, 0, sizeof(act));
	act.sa_handler = on_signal;
	CHECK(sigaction(SIGKILL, &act, 0) < 0 && errno == EINVAL, "sigaction(SIGKILL) refused",
	      errno);
	CHECK(sigaction(SIGSTOP, &act, 0) < 0 && errno == EINVAL, "sigaction(SIGSTOP) refused",
	      errno);
	act.sa_handler = SIG_IGN;
	CHECK(sigaction(SIGKILL, &act, 0) < 0, "SIG_IGN for SIGKILL refused", 0);
	int pid = fork();
	if (pid == 0) {
		sigfillset(&all);
		sigprocmask(SIG_BLOCK, &all, 0);
		for (int sig = 1; sig < NSIG; sig++)
			signal(sig, SIG_IGN);
		for (;;)
			sleep(1);
	}
	sleep(2);
	CHECK(kill(pid, SIGTERM) == 0, "kill SIGTERM", 0); /* blocked: stays pending */
	CHECK(kill(pid, SIGKILL) == 0, "kill SIGKILL", 0);
	CHECK(waitpid(pid, &st, 0) == pid, "waitpid", 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "killed by SIGKILL, status", st);
	/* A blocked SIGKILL is not blocked: sigprocmask drops it from the mask. */
	sigset_t old;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, 0);
	sigprocmask(SIG_SETMASK, 0, &old);
	CHECK(!sigismember(&old, SIGKILL) && !sigismember(&old, SIGSTOP), "mask holds SIGKILL",
	      old);
	CHECK(sigismember(&old, SIGINT) == 1, "mask lost SIGINT", old);
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, 0);
}

static void t_ignore(void)
{
	int st;

	CHECK(signal(SIGUSR1, SIG_IGN) == SIG_DFL, "signal() returns the old SIG_DFL", 0);
	CHECK(raise(SIGUSR1) == 0, "raise", 0);
	CHECK(signal(SIGUSR1, on_signal) == SIG_IGN, "signal() returns the old SIG_IGN", 0);
	CHECK(count == 0, "an ignored signal stayed pending", count);
	CHECK(raise(SIGUSR1) == 0 && count == 1, "a handler runs before raise returns", count);
	/* SIG_IGN goes through fork and exec; a handler is reset by exec. */
	signal(SIGUSR1, SIG_IGN);
	signal(SIGUSR2, on_signal);
	int pid = fork();
	if (pid == 0) {
		char *argv[] = {"sigtest", "-exec-check", 0};
		exec("/sigtest", argv);
		exit(99);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st), "the exec'd child", st);
	CHECK(WEXITSTATUS(st) == 0, "after exec: SIGUSR1 ignored and SIGUSR2 default, status", st);
	/* SIGCHLD's default is to ignore it; SIGCONT's to continue. */
	signal(SIGUSR1, SIG_DFL);
	CHECK(raise(SIGCHLD) == 0 && raise(SIGCONT) == 0 && raise(SIGURG) == 0, "raise", 0);
}

/* The child of t_ignore, after exec. */
static int exec_check(void)
{
	struct sigaction a, b;

	sigaction(SIGUSR1, 0, &a);
	sigaction(SIGUSR2, 0, &b);
	raise(SIGUSR1); /* must not kill */
	return !(a.sa_handler == SIG_IGN && b.sa_handler == SIG_DFL);
}

static void t_mask(void)
{
	sigset_t set, pend;

	set_handler(SIGUSR1, on_signal, 0);
	set_handler(SIGUSR2, on_signal, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &set, 0) == 0, "sigprocmask", 0);
	raise(SIGUSR1);
	raise(SIGUSR1); /* signals do not queue: one delivery */
	CHECK(count == 0, "a blocked signal was delivered", count);
	CHECK(sigpending(&pend) == 0 && sigismember(&pend, SIGUSR1) == 1, "sigpending", pend);
	raise(SIGUSR2);
	CHECK(count == 1 && last_sig == SIGUSR2, "an unblocked one still arrives", last_sig);
	CHECK(sigprocmask(SIG_UNBLOCK, &set, 0) == 0, "unblock", 0);
	CHECK(count == 2 && last_sig == SIGUSR1, "delivered once, right after the unblock", count);
	sigpending(&pend);
	CHECK(pend == 0, "nothing pending any more", pend);
	CHECK(sigprocmask(99, &set, 0) < 0 && errno == EINVAL, "a bad how", errno);
}

static volatile int inside, overlap;

static void slow_handler(int sig)
{
	(void)sig;
	if (inside)
		overlap = 1;
	inside = 1;
	count++;
	if (count == 1)
		raise(SIGUSR1); /* blocked in its own handler: waits until we return */
	inside = 0;
}

static void t_nodefer(void)
{
	set_handler(SIGUSR1, slow_handler, 0);
	raise(SIGUSR1);
	CHECK(count == 2 && !overlap, "a handler is not re-entered by its own signal", count);
	count = 0;
	set_handler(SIGUSR1, slow_handler, SA_NODEFER);
	raise(SIGUSR1);
	CHECK(count == 2 && overlap, "SA_NODEFER lets it in", count);
	set_handler(SIGUSR1, on_signal, SA_RESETHAND);
	raise(SIGUSR1);
	struct sigaction a;
	sigaction(SIGUSR1, 0, &a);
	CHECK(a.sa_handler == SIG_DFL, "SA_RESETHAND: back to SIG_DFL", 0);
}

static void t_alarm(void)
{
	int st;

	set_handler(SIGALRM, on_signal, 0);
	CHECK(alarm(1) == 0, "no alarm before", 0);
	int t0 = uptime();
	while (count == 0 && uptime() - t0 < 5 * TICK_HZ)
		sleep(1);
	CHECK(count == 1 && last_sig == SIGALRM, "SIGALRM within 5 s", count);
	CHECK(uptime() - t0 >= TICK_HZ / 2, "not long before 1 s", uptime() - t0);
	alarm(5);
	uint left = alarm(0);
	CHECK(left >= 4 && left <= 5, "alarm(0) returns what was left", left);
	/* The default action ends the process; sleep is interrupted. */
	int pid = fork();
	if (pid == 0) {
		signal(SIGALRM, SIG_DFL);
		alarm(1);
		sleep(100);
		exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid, "waitpid", 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM, "killed by SIGALRM, status", st);
	/* A handler interrupts sleep: -1 EINTR. */
	count = 0;
	alarm(1);
	int r = sleep(50);
	CHECK(r < 0 && errno == EINTR && count == 1, "sleep interrupted by a handler", r);
}

static void t_sigchld(void)
{
	int st;

	set_handler(SIGCHLD, on_signal, SA_RESTART);
	int pid = fork();
	if (pid == 0)
		exit(3);
	int t0 = uptime();
	while (count == 0 && uptime() - t0 < 5 * TICK_HZ)
		sleep(1);
	CHECK(count >= 1 && last_sig == SIGCHLD, "SIGCHLD when a child exits", count);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 3, "status", st);
	CHECK(waitpid(-1, &st, WNOHANG) < 0 && errno == ECHILD, "no child left", errno);
	/* WNOHANG with a child that still runs: 0. */
	pid = fork();
	if (pid == 0) {
		sleep(3);
		exit(4);
	}
	CHECK(waitpid(pid, &st, WNOHANG) == 0, "WNOHANG while it runs", 0);
	CHECK(waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 4, "then its status", st);
	/* SA_NOCLDSTOP: no SIGCHLD for a stop. */
	set_handler(SIGCHLD, on_signal, SA_NOCLDSTOP);
	pid = fork();
	if (pid == 0) {
		for (;;)
			sleep(1);
	}
	count = 0;
	kill(pid, SIGSTOP);
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st), "stopped", st);
	sleep(2);
	CHECK(count == 0, "SA_NOCLDSTOP: no SIGCHLD on a stop", count);
	stop_child(pid);
}

static void t_sigpipe(void)
{
	int p[2], st;

	CHECK(pipe(p) == 0, "pipe", 0);
	close(p[0]);
	int pid = fork();
	if (pid == 0) {
		write(p[1], "x", 1);
		exit(0); /* not reached: SIGPIPE kills */
	}
	CHECK(waitpid(pid, &st, 0) == pid, "waitpid", 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE, "killed by SIGPIPE, status", st);
	signal(SIGPIPE, SIG_IGN);
	int r = write(p[1], "x", 1);
	CHECK(r < 0 && errno == EPIPE, "ignored: write fails with EPIPE", errno);
	set_handler(SIGPIPE, on_signal, 0);
	r = write(p[1], "x", 1);
	CHECK(r < 0 && errno == EPIPE && count == 1, "caught: the handler ran and EPIPE", count);
	close(p[1]);
}

static void t_stop_cont(void)
{
	int st, p[2];

	CHECK(pipe(p) == 0, "pipe", 0);
	int pid = fork();
	if (pid == 0) {
		close(p[0]);
		for (int i = 0;; i++) {
			write(p[1], "x", 1);
			sleep(1);
		}
	}
	close(p[1]);
	char c;
	read(p[0], &c, 1);
	CHECK(kill(pid, SIGSTOP) == 0, "kill SIGSTOP", 0);
	CHECK(waitpid(pid, &st, WUNTRACED) == pid, "waitpid WUNTRACED", 0);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "stopped by SIGSTOP, status", st);
	CHECK(waitpid(pid, &st, WUNTRACED | WNOHANG) == 0, "a stop is reported once", st);
	CHECK(waitpid(pid, &st, WNOHANG) == 0, "without WUNTRACED, nothing", st);
	/* Stopped: it writes nothing.  (Drain what it wrote before.) */
	sleep(3);
	int fl = 0;
	for (int i = 0; i < 3; i++)
		kill(pid, SIGUSR2); /* pending while stopped: kills it only after SIGCONT */
	CHECK(waitpid(pid, &st, WNOHANG) == 0, "a stopped process does not die of SIGUSR2 yet", st);
	CHECK(kill(pid, SIGCONT) == 0, "kill SIGCONT", 0);
	CHECK(waitpid(pid, &st, 0) == pid, "waitpid", 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR2, "after SIGCONT the pending SIGUSR2", st);
	close(p[0]);
	(void)fl;

	/* SIGTSTP stops a child asleep in the kernel; SIGCONT resumes its sleep;
	 * WCONTINUED says so. */
	pid = fork();
	if (pid == 0) {
		sleep(2 * TICK_HZ);
		exit(7);
	}
	sleep(2);
	CHECK(kill(pid, SIGTSTP) == 0, "kill SIGTSTP", 0);
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP,
	      "stopped asleep by SIGTSTP, status", st);
	CHECK(kill(pid, SIGCONT) == 0, "SIGCONT", 0);
	CHECK(waitpid(pid, &st, WCONTINUED) == pid && WIFCONTINUED(st), "WCONTINUED", st);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 7,
	      "it finished its sleep, status", st);

	/* SIGKILL ends a stopped process. */
	pid = fork();
	if (pid == 0) {
		for (;;)
			;
	}
	kill(pid, SIGSTOP);
	waitpid(pid, &st, WUNTRACED);
	CHECK(kill(pid, SIGKILL) == 0 && waitpid(pid, &st, 0) == pid, "SIGKILL a stopped child", 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "status", st);
}

/* A handler without SA_RESTART makes a blocked read fail with EINTR; with
 * it, the read goes on and gets the data. */
static void t_restart(void)
{
	int p[2];
	char c = 0;

	for (int restart = 0; restart <= 1; restart++) {
		count = 0;
		CHECK(pipe(p) == 0, "pipe", 0);
		set_handler(SIGUSR1, on_signal, restart ? SA_RESTART : 0);
		int me = getpid(), pid = fork();
		if (pid == 0) {
			sleep(3);
			kill(me, SIGUSR1);
			sleep(3);
			write(p[1], "y", 1);
			exit(0);
		}
		int r = read(p[0], &c, 1);
		if (restart)
			CHECK(r == 1 && c == 'y' && count == 1, "SA_RESTART: the read goes on", r);
		else
			CHECK(r < 0 && errno == EINTR && count == 1, "no SA_RESTART: EINTR", r);
		waitpid(pid, 0, 0);
		close(p[0]);
		close(p[1]);
	}
	/* wait() too; and sigsuspend waits for a handler with a mask of its own. */
	sigset_t set, none;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, 0);
	count = 0;
	int me = getpid(), pid = fork();
	if (pid == 0) {
		sleep(2);
		kill(me, SIGUSR1);
		exit(0);
	}
	sigemptyset(&none);
	int r = sigsuspend(&none);
	CHECK(r < 0 && errno == EINTR && count == 1, "sigsuspend returns after the handler", r);
	sigset_t now;
	sigprocmask(SIG_BLOCK, 0, &now);
	CHECK(sigismember(&now, SIGUSR1) == 1, "sigsuspend put the old mask back", now);
	waitpid(pid, 0, 0);
}

static void t_errors(void)
{
	int p[2];

	CHECK(kill(NO_SUCH_PID, SIGTERM) < 0 && errno == ESRCH, "kill of no such pid: ESRCH",
	      errno);
	CHECK(kill(getpid(), 99) < 0 && errno == EINVAL, "signal 99: EINVAL", errno);
	CHECK(kill(getpid(), -1) < 0 && errno == EINVAL, "signal -1: EINVAL", errno);
	CHECK(kill(getpid(), NSIG) < 0 && errno == EINVAL, "signal NSIG: EINVAL", errno);
	CHECK(kill(getpid(), 0) == 0, "signal 0 only asks", 0);
	CHECK(kill(NO_SUCH_PID, 0) < 0 && errno == ESRCH, "signal 0 to no one: ESRCH", errno);
	CHECK(kill(1, SIGTERM) < 0 && errno == EPERM, "init cannot be signalled: EPERM", errno);
	CHECK(kill(-NO_SUCH_PID, SIGTERM) < 0 && errno == ESRCH, "no such group: ESRCH", errno);
	CHECK(kill(NO_SUCH_PID) < 0 && errno == ESRCH, "xv6's kill(pid) of no one: ESRCH", errno);
	CHECK(signal(0, on_signal) == SIG_ERR && errno == EINVAL, "signal 0 has no action", errno);
	CHECK(signal(NSIG, on_signal) == SIG_ERR, "signal NSIG has no action", 0);
	struct sigaction act;
	memset(&act, 0, sizeof(act));
	act.sa_flags = 0x4; /* SA_SIGINFO: not supported */
	CHECK(sigaction(SIGUSR1, &act, 0) < 0 && errno == EINVAL, "unknown flags: EINVAL", errno);
	CHECK(sys_sigaction(SIGUSR1, (struct sigaction *)0x3fffff0000L, 0) < 0 && errno == EFAULT,
	      "a bad act pointer: EFAULT", errno);
	CHECK(waitpid(-1, 0, 0x100) < 0 && errno == EINVAL, "waitpid bad options: EINVAL", errno);
	CHECK(waitpid(NO_SUCH_PID, 0, 0) < 0 && errno == ECHILD, "waitpid of no child: ECHILD",
	      errno);
	CHECK(setpgid(1, 1) < 0 && errno == ESRCH, "setpgid of a non-child: ESRCH", errno);
	CHECK(setpgid(0, -1) < 0 && errno == EINVAL, "setpgid to -1: EINVAL", errno);
	CHECK(setpgid(0, NO_SUCH_PID) < 0 && errno == EPERM, "setpgid to no group: EPERM", errno);
	CHECK(getpgid(NO_SUCH_PID) < 0 && errno == ESRCH, "getpgid of no one: ESRCH", errno);
	CHECK(pipe(p) == 0, "pipe", 0);
	CHECK(tcsetpgrp(p[0], getpgrp()) < 0 && errno == ENOTTY, "tcsetpgrp on a pipe: ENOTTY",
	      errno);
	CHECK(tcgetpgrp(p[0]) < 0 && errno == ENOTTY, "tcgetpgrp on a pipe: ENOTTY", errno);
	close(p[0]);
	close(p[1]);
	CHECK(sigreturn() < 0 && errno == EINVAL, "the lab's sigreturn outside a handler", errno);
	CHECK(sigalarm(-1, 0) < 0 && errno == EINVAL, "sigalarm(-1)", errno);
}

/* A handler address that is not mapped: the usual one-line report and
 * death by SIGSEGV; the kernel goes on. */
static void t_bad_handler(void)
{
	int st;

	for (int which = 0; which < 2; which++) {
		int pid = fork();
		if (pid == 0) {
			set_handler(which ? SIGSEGV : SIGUSR1, BAD_HANDLER, 0);
			if (which)
				*(volatile int *)0x3fffff0000L =
				    1; /* a fault whose handler is bad */
			else
				raise(SIGUSR1);
			exit(0);
		}
		CHECK(waitpid(pid, &st, 0) == pid, "waitpid", 0);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "killed by SIGSEGV, status", st);
	}
	/* A frame that cannot be pushed: sp pointing nowhere. */
	int pid = fork();
	if (pid == 0) {
		set_handler(SIGUSR1, on_signal, 0);
		int me = getpid();
		asm volatile("mv s1, sp\n li sp, 0x3fffff0000\n"
		             "mv a0, %0\n li a1, %1\n li a7, %2\n ecall\n mv sp, s1\n" ::"r"(me),
		             "i"(SIGUSR1), "i"(SYS_killsig)
		             : "s1", "a0", "a1", "a7", "memory");
		exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid, "waitpid", 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "no stack for a frame: SIGSEGV", st);
}

/* A caught SIGSEGV: the handler runs, and may leave with exit. */
static void segv_handler(int sig)
{
	exit(sig == SIGSEGV ? 42 : 1);
}

static void t_segv(void)
{
	int st;
	int pid = fork();

	if (pid == 0) {
		set_handler(SIGSEGV, segv_handler, 0);
		*(volatile int *)0x3fffff0000L = 1;
		exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 42,
	      "the SIGSEGV handler ran, status", st);
}

/* xv6: wait() sees -1 for a process killed by any signal, and kill(pid)
 * with one argument is SIGKILL. */
static void t_xv6(void)
{
	int st;

	for (int i = 0; i < 2; i++) {
		int pid = fork();
		if (pid == 0) {
			for (;;)
				sleep(1);
		}
		if (i == 0)
			CHECK(kill(pid) == 0, "xv6 kill(pid)", 0);
		else
			CHECK(kill(pid, SIGTERM) == 0, "kill(pid, SIGTERM)", 0);
		CHECK(wait(&st) == pid && st == -1, "wait() status of a killed child", st);
	}
	int pid = fork();
	if (pid == 0)
		exit(-1);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 255, "exit(-1)",
	      st);
}

static void t_pgrp(void)
{
	int st, p[2];

	CHECK(getpgid(0) == getpgrp() && getpgid(getpid()) == getpgrp(), "getpgid(0)", 0);
	CHECK(pipe(p) == 0, "pipe", 0);
	int a = fork();
	if (a == 0) {
		setpgid(0, 0);
		write(p[1], "a", 1);
		for (;;)
			sleep(1);
	}
	setpgid(a, a); /* both sides, as a shell does: whichever runs first */
	char c;
	read(p[0], &c, 1);
	CHECK(getpgid(a) == a, "the child leads a group of its own", getpgid(a));
	int b = fork();
	if (b == 0) {
		setpgid(0, a);
		write(p[1], "b", 1);
		for (;;)
			sleep(1);
	}
	setpgid(b, a);
	read(p[0], &c, 1);
	CHECK(getpgid(b) == a, "the second joined it", getpgid(b));
	CHECK(kill(-a, SIGTERM) == 0, "kill(-pgid)", 0);
	for (int i = 0; i < 2; i++) {
		int w = waitpid(-a, &st, 0);
		CHECK((w == a || w == b) && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
		      "both got it", st);
	}
	CHECK(kill(-a, SIGTERM) < 0 && errno == ESRCH, "the group is gone", errno);
	close(p[0]);
	close(p[1]);
	/* kill(0, sig): the caller's own group (a new one here, alone). */
	int pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		signal(SIGUSR1, on_signal);
		kill(0, SIGUSR1);
		exit(count == 1 ? 0 : 1);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0, "kill(0)", st);
}

static const struct test_case cases[] = {
    {"regs", t_regs},
    {"regs_alarm", t_regs_alarm},
    {"kill_uncatchable", t_kill_uncatchable},
    {"ignore", t_ignore},
    {"mask", t_mask},
    {"nodefer", t_nodefer},
    {"alarm", t_alarm},
    {"sigchld", t_sigchld},
    {"sigpipe", t_sigpipe},
    {"stop_cont", t_stop_cont},
    {"restart", t_restart},
    {"errors", t_errors},
    {"bad_handler", t_bad_handler},
    {"segv", t_segv},
    {"xv6", t_xv6},
    {"pgrp", t_pgrp},
};
#define NCASES (int)(sizeof(cases) / sizeof(cases[0]))

int main(int argc, char *argv[])
{
	if (argc == 2 && strcmp(argv[1], "-exec-check") == 0)
		exit(exec_check());
	exit(test_cases_run("sigtest", cases, NCASES, argc, argv, CASE_TICKS) ? 1 : 0);
}
