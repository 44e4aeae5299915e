/*
 * sys_signal.c: the calls of signals and process groups (50..59), and the
 * lab's sigalarm/sigreturn (30, 31).  They check and copy their arguments;
 * the work is in proc/signal.c (and proc/exit.c for waitpid, dev/console.c
 * for the console's foreground group).
 */
#include "syscall/syscall.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "proc/uaccess.h"
#include "arch/riscv/trapframe.h"
#include "dev/console.h"
#include "fs/file.h"
#include "lib/errno.h"
#include "../abi/devno.h"

/* struct sigaction as user space lays it out (kernel/signal.h). */
_Static_assert(sizeof(struct sigaction) == 24, "struct sigaction: handler, mask, flags, restorer");

/* sigaction(sig, act, oldact): either pointer may be 0. */
int64 sys_sigaction(void)
{
	struct proc *p = myproc();
	int sig = arg_int(0);
	uint64 uact = arg_addr(1), uold = arg_addr(2);
	struct sigaction ua;
	struct sigaction_k act, old;
	if (uact) {
		if (copyin(p->pagetable, &ua, uact, sizeof(ua)) < 0)
			return -E_FAULT;
		act.handler = (uint64)ua.sa_handler;
		act.mask = ua.sa_mask;
		act.flags = ua.sa_flags;
		act.restorer = (uint64)ua.sa_restorer;
	}
	if (uold && user_range_writable(p->pagetable, uold, sizeof(ua)) < 0)
		return -E_FAULT; /* before anything changes */
	int err = signal_action(p, sig, uact ? &act : 0, &old);
	if (err < 0)
		return err;
	if (uold) {
		ua.sa_handler = (sighandler_t)old.handler;
		ua.sa_mask = old.mask;
		ua.sa_flags = old.flags;
		ua.sa_restorer = (void (*)(void))old.restorer;
		if (copyout(p->pagetable, uold, &ua, sizeof(ua)) < 0)
			return -E_FAULT;
	}
	return 0;
}

/* sigprocmask(how, set, oldset); how = SIG_PENDING puts the pending set in *oldset. */
int64 sys_sigprocmask(void)
{
	struct proc *p = myproc();
	int how = arg_int(0);
	uint64 uset = arg_addr(1), uold = arg_addr(2);
	sigset_t set, old;
	if (how == SIG_PENDING) {
		set = signal_pending_set(p);
		return uold && copyout(p->pagetable, uold, &set, sizeof(set)) < 0 ? -E_FAULT : 0;
	}
	if (uset && copyin(p->pagetable, &set, uset, sizeof(set)) < 0)
		return -E_FAULT;
	if (uold && user_range_writable(p->pagetable, uold, sizeof(old)) < 0)
		return -E_FAULT;
	if (uset) {
		int err = signal_mask(p, how, set, &old);
		if (err < 0)
			return err;
	} else {
		signal_mask(p, SIG_BLOCK, 0, &old); /* only asks */
	}
	if (uold && copyout(p->pagetable, uold, &old, sizeof(old)) < 0)
		return -E_FAULT;
	return 0;
}

/* sigsuspend(mask): wait for a handler with mask blocked; always -1 EINTR. */
int64 sys_sigsuspend(void)
{
	struct proc *p = myproc();
	sigset_t mask;
	if (copyin(p->pagetable, &mask, arg_addr(0), sizeof(mask)) < 0)
		return -E_FAULT;
	return signal_suspend(p, mask);
}

/* The library's restorer: a handler returned with sp at its frame. */
int64 sys_sigreturn_frame(void)
{
	return signal_frame_return(myproc());
}

/* kill(pid, sig). */
int64 sys_killsig(void)
{
	return signal_kill(arg_int(0), arg_int(1));
}

/* alarm(seconds): SIGALRM after that many seconds (0 cancels); the seconds
 * that were left of the previous alarm. */
int64 sys_alarm(void)
{
	uint64 seconds = (uint32)arg_int(0);
	return signal_alarm_seconds(myproc(), seconds);
}

int64 sys_setpgid(void)
{
	return pgrp_set(arg_int(0), arg_int(1));
}

int64 sys_getpgid(void)
{
	int pid = arg_int(0);
	if (pid < 0)
		return -E_SRCH;
	return pgrp_get(pid);
}

/* tcpgrp(fd, pgid): pgid >= 0 makes it the console's foreground group
 * (tcsetpgrp), pgid < 0 asks which it is (tcgetpgrp: 0 if none). */
int64 sys_tcpgrp(void)
{
	struct file *f;
	int pgid = arg_int(1);
	int err = arg_fd(0, 0, &f);
	if (err < 0)
		return err;
	if (f->type != FD_DEVICE || f->major != CONSOLE)
		return -E_NOTTY;
	if (pgid < 0) {
		int fg = console_fg_pgid();
		return fg && pgrp_exists(fg) ? fg : 0;
	}
	if (pgid == 0)
		return -E_INVAL;
	if (!pgrp_exists(pgid))
		return -E_PERM;
	console_set_fg_pgid(pgid);
	return 0;
}

int64 sys_waitpid(void)
{
	return proc_waitpid(arg_int(0), arg_addr(1), arg_int(2));
}

/* The lab's sigalarm(ticks, handler): every ticks ticks of CPU time. */
int64 sys_sigalarm(void)
{
	return signal_alarm_set(myproc(), arg_int(0), arg_addr(1));
}

/* The lab's sigreturn(): the registers from before the alarm handler. */
int64 sys_sigreturn(void)
{
	return signal_lab_return(myproc());
}
