/*
 * signal.h: signals, process groups and waitpid, the ABI shared by the
 * kernel and user programs (include "kernel/types.h" first).  The numbers
 * are Linux's, as are the sigaction flags, the sigprocmask operations and
 * the waitpid options, so tables and habits from Linux apply; the status
 * macros (WIFEXITED, ...) are in user/kite.h.
 *
 * A signal is 1..NSIG-1; a sigset_t has bit (sig - 1) for each.  SIGKILL
 * and SIGSTOP can be neither caught, ignored nor blocked.
 *
 * System calls (kernel/syscall.h, 50..59; prototypes in user/kite.h):
 *   kill(pid, sig)       (the stub killsig; xv6's one-argument kill(pid) is
 *                        SIGKILL: user/user.h picks by the argument count)
 *   sigaction, sigprocmask (SIG_PENDING: Kite's way to read the pending
 *   set, for sigpending()), sigsuspend, alarm(seconds), setpgid, getpgid,
 *   tcsetpgrp/tcgetpgrp (one call, tcpgrp), waitpid, and sigreturn_frame,
 *   which the library's trampoline calls when a handler returns.
 *
 * Delivery: when a process goes back to user mode with a signal pending
 * and not blocked whose action is a handler, the kernel pushes a struct
 * sigframe (the interrupted pc and x1..x31, and the signal mask to put
 * back) on the user stack, 16-byte aligned, and enters the handler with
 * a0 = sig, a1 = 0, a2 = the frame, sp = the frame and ra = sa_restorer.
 * The C library always passes its own restorer (user/lib/sigtramp.S:
 * sigreturn_frame with sp at the frame), so a handler returns as an
 * ordinary function; the call puts every register back as it was.
 */
#ifndef KITE_SIGNAL_H
#define KITE_SIGNAL_H

#include "types.h"

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPWR 30
#define SIGSYS 31
#define NSIG 32 /* one past the highest signal */

typedef uint32 sigset_t;
#define SIGBIT(sig) (1u << ((sig)-1))

typedef void (*sighandler_t)(int);
#define SIG_DFL ((sighandler_t)0)
#define SIG_IGN ((sighandler_t)1)
#define SIG_ERR ((sighandler_t)-1) /* what signal() returns on failure */

struct sigaction {
	sighandler_t sa_handler;   /* SIG_DFL, SIG_IGN or a function */
	sigset_t sa_mask;          /* also blocked while the handler runs */
	int sa_flags;              /* SA_* */
	void (*sa_restorer)(void); /* where the handler returns (the library sets it) */
};

/* sa_flags (Linux's values). */
#define SA_NOCLDSTOP 0x00000001 /* SIGCHLD: not when a child stops or continues */
#define SA_RESTART 0x10000000   /* restart an interrupted read, write or wait */
#define SA_NODEFER 0x40000000   /* do not block the signal inside its own handler */
#define SA_RESETHAND 0x80000000 /* back to SIG_DFL once delivered */
#define SA_KNOWN (SA_NOCLDSTOP | SA_RESTART | SA_NODEFER | (int)SA_RESETHAND)

/* sigprocmask's how. */
#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
#define SIG_PENDING 3 /* Kite: *oldset gets the pending set, set is ignored */

/* waitpid options (Linux's values). */
#define WNOHANG 1    /* return 0 at once if no child has changed */
#define WUNTRACED 2  /* also report a child that stopped */
#define WCONTINUED 8 /* also report a stopped child that continued */

/*
 * waitpid's status (Linux's layout): an exit is (code & 0xff) << 8, a
 * death by signal is the signal, a stop is (sig << 8) | 0x7f, a continue
 * is 0xffff.  xv6's wait(&st) keeps giving the value passed to exit(),
 * and -1 for a process killed by a signal.
 */
#define W_EXITCODE(code) (((code)&0xff) << 8)
#define W_STOPCODE(sig) (((sig) << 8) | 0x7f)
#define W_CONTINUED 0xffff

/*
 * The frame a handler runs on.  regs[0] is the interrupted pc and regs[n]
 * is register xn (regs[2] the interrupted sp, regs[10] its a0).  Kite does
 * not let user code use the floating-point unit (sstatus.FS is off), so
 * there are no f registers to save.  A handler may change the frame to
 * change where and how the interrupted code resumes.
 */
struct sigframe {
	uint64 regs[32];
	sigset_t mask; /* the mask before delivery, put back on return */
	int sig;       /* the signal, or 0 for an alarm of sigalarm() */
	uint64 magic;  /* SIGFRAME_MAGIC */
	uint64 reserved;
};
#define SIGFRAME_MAGIC 0x4b69746553696746UL /* "FgiSetiK" */

#endif
