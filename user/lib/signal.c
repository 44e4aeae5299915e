/*
 * signal.c: the C library's side of signals: sigaction with the library's
 * restorer, signal(), the sigset_t helpers, raise, process-group and
 * console helpers, and the names and descriptions of the signals.
 *
 * The trampoline: a handler's return address is sa_restorer, which
 * sigaction() sets to the system-call stub sigreturn_frame (generated in
 * usys.S like every stub): when the handler returns, sp is back at the
 * frame the kernel pushed, and that call puts back every register and the
 * signal mask from it.  Nothing of the library is mapped into processes
 * by the kernel, so a program that calls sys_sigaction itself must give a
 * restorer or never return from its handler.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

ULIB_WEAK int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	struct sigaction a;

	if (!act)
		return sys_sigaction(sig, 0, old);
	a = *act;
	if (!a.sa_restorer)
		a.sa_restorer = sigreturn_frame;
	return sys_sigaction(sig, &a, old);
}

ULIB_WEAK sighandler_t signal(int sig, sighandler_t handler)
{
	struct sigaction act, old;

	memset(&act, 0, sizeof(act));
	act.sa_handler = handler;
	act.sa_flags = SA_RESTART;
	if (sigaction(sig, &act, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

ULIB_WEAK int sigpending(sigset_t *set)
{
	return sigprocmask(SIG_PENDING, 0, set);
}

static int bad_sig(int sig)
{
	if (sig > 0 && sig < NSIG)
		return 0;
	errno = EINVAL;
	return 1;
}

ULIB_WEAK int sigemptyset(sigset_t *set)
{
	*set = 0;
	return 0;
}

ULIB_WEAK int sigfillset(sigset_t *set)
{
	*set = (sigset_t)~0u >> (33 - NSIG);
	return 0;
}

ULIB_WEAK int sigaddset(sigset_t *set, int sig)
{
	if (bad_sig(sig))
		return -1;
	*set |= SIGBIT(sig);
	return 0;
}

ULIB_WEAK int sigdelset(sigset_t *set, int sig)
{
	if (bad_sig(sig))
		return -1;
	*set &= ~SIGBIT(sig);
	return 0;
}

ULIB_WEAK int sigismember(const sigset_t *set, int sig)
{
	if (bad_sig(sig))
		return -1;
	return (*set & SIGBIT(sig)) != 0;
}

ULIB_WEAK int raise(int sig)
{
	return killsig(getpid(), sig);
}

ULIB_WEAK int killpg(int pgrp, int sig)
{
	if (pgrp <= 1) {
		errno = EINVAL;
		return -1;
	}
	return killsig(-pgrp, sig);
}

ULIB_WEAK int getpgrp(void)
{
	return getpgid(0);
}

ULIB_WEAK int tcsetpgrp(int fd, int pgid)
{
	if (pgid < 0) {
		errno = EINVAL;
		return -1;
	}
	return sys_tcpgrp(fd, pgid);
}

ULIB_WEAK int tcgetpgrp(int fd)
{
	return sys_tcpgrp(fd, -1);
}

/* Names (without SIG) and descriptions, as Linux's kill -l and strsignal. */
static const struct {
	const char *name, *text;
} sigs[NSIG] = {
    [SIGHUP] = {"HUP", "Hangup"},
    [SIGINT] = {"INT", "Interrupt"},
    [SIGQUIT] = {"QUIT", "Quit"},
    [SIGILL] = {"ILL", "Illegal instruction"},
    [SIGTRAP] = {"TRAP", "Trace/breakpoint trap"},
    [SIGABRT] = {"ABRT", "Aborted"},
    [SIGBUS] = {"BUS", "Bus error"},
    [SIGFPE] = {"FPE", "Floating point exception"},
    [SIGKILL] = {"KILL", "Killed"},
    [SIGUSR1] = {"USR1", "User defined signal 1"},
    [SIGSEGV] = {"SEGV", "Segmentation fault"},
    [SIGUSR2] = {"USR2", "User defined signal 2"},
    [SIGPIPE] = {"PIPE", "Broken pipe"},
    [SIGALRM] = {"ALRM", "Alarm clock"},
    [SIGTERM] = {"TERM", "Terminated"},
    [SIGSTKFLT] = {"STKFLT", "Stack fault"},
    [SIGCHLD] = {"CHLD", "Child exited"},
    [SIGCONT] = {"CONT", "Continued"},
    [SIGSTOP] = {"STOP", "Stopped (signal)"},
    [SIGTSTP] = {"TSTP", "Stopped"},
    [SIGTTIN] = {"TTIN", "Stopped (tty input)"},
    [SIGTTOU] = {"TTOU", "Stopped (tty output)"},
    [SIGURG] = {"URG", "Urgent I/O condition"},
    [SIGXCPU] = {"XCPU", "CPU time limit exceeded"},
    [SIGXFSZ] = {"XFSZ", "File size limit exceeded"},
    [SIGVTALRM] = {"VTALRM", "Virtual timer expired"},
    [SIGPROF] = {"PROF", "Profiling timer expired"},
    [SIGWINCH] = {"WINCH", "Window changed"},
    [SIGIO] = {"IO", "I/O possible"},
    [SIGPWR] = {"PWR", "Power failure"},
    [SIGSYS] = {"SYS", "Bad system call"},
};

ULIB_WEAK const char *strsignal(int sig)
{
	if (sig > 0 && sig < NSIG)
		return sigs[sig].text;
	return "Unknown signal";
}

ULIB_WEAK const char *sig_name(int sig)
{
	if (sig > 0 && sig < NSIG)
		return sigs[sig].name;
	return 0;
}

/* Names match in either case (kill -int), as in other shells. */
static int same_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'a' && *a <= 'z' ? *a - 'a' + 'A' : *a;
		if (x != *b)
			return 0;
	}
	return *a == *b;
}

ULIB_WEAK int sig_number(const char *name)
{
	if (isdigit_str(name)) {
		int n = strlen(name) <= 3 ? atoi(name) : -1;
		return n >= 0 && n < NSIG ? n : -1;
	}
	if ((name[0] == 'S' || name[0] == 's') && (name[1] == 'I' || name[1] == 'i') &&
	    (name[2] == 'G' || name[2] == 'g'))
		name += 3;
	for (int sig = 1; sig < NSIG; sig++)
		if (same_name(name, sigs[sig].name))
			return sig;
	return -1;
}
