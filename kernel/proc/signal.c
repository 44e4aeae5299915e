/*
 * signal.c: sending signals, acting on them on the way back to user mode,
 * stopping and continuing, process groups, alarm() and the lab's
 * sigalarm().
 *
 * The path of a signal:
 *   send      signal_post_locked() under the target's p->lock: SIGKILL
 *             sets p->killed; SIGCONT continues a stopped process and
 *             drops pending stops (a stop drops a pending SIGCONT); an
 *             ignored signal that is not blocked is dropped; otherwise the
 *             bit goes into pending and, unless blocked, a sleeping target
 *             is made runnable (its interruptible wait ends, any other
 *             sleep just looks at its condition again).
 *   act       signal_user_return(), the last thing user_trap() does:
 *             first a test without the lock (nothing_to_do, below); then
 *             pending and not blocked, lowest number first: SIG_IGN drops
 *             it; SIG_DFL terminates (the process exits, and waitpid sees
 *             the signal), stops (until SIGCONT) or does nothing; a handler
 *             gets a struct sigframe pushed on the user stack (the
 *             interrupted registers and mask) and the trap frame is set to
 *             enter it.  Several pending handlers stack their frames.
 *   return    the handler returns to sa_restorer, the library's
 *             sigreturn_frame stub: signal_frame_return() reads the frame
 *             at sp and puts every register and the mask back.
 *
 * A system call that an interruptible wait ended with -E_RESTART is
 * restarted (sepc back on the ecall, a0 its first argument again) when no
 * handler runs or the handler has SA_RESTART; otherwise it returns EINTR.
 *
 * The lab alarm (sigalarm) is not a signal: a count of the timer
 * interrupts the process takes (user or kernel mode) makes a call due;
 * the call uses the same frame, remembered in alarm_frame until the
 * handler's sigreturn() (or its plain return through a restorer), so the
 * handler is never re-entered and sigreturn() needs nothing from the user.
 *
 * Locks: the target's p->lock for everything a sender or the timer
 * touches (proc/signal.h); wait_lock -> p->lock when a stopping or
 * continuing process tells its parent.  Nothing here sleeps holding a
 * spinlock other than the one the caller passes to signal_wait_check.
 */
#include "proc/signal.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/uaccess.h"
#include "arch/riscv/trapframe.h"
#include "arch/riscv/timer.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "lib/panic.h"

#define ECALL_INSN_LEN 4
#define HANDLER_DFL ((uint64)SIG_DFL)
#define HANDLER_IGN ((uint64)SIG_IGN)
#define STOP_SIGS (SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU))
#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))
#define STACK_ALIGN 16

_Static_assert(&((struct trapframe *)0)->t6 - &((struct trapframe *)0)->ra == 30,
               "the trap frame holds x1..x31 in order, as struct sigframe's regs[1..31]");

enum { DFL_TERM, DFL_IGN, DFL_STOP, DFL_CONT };

static int default_action(int sig)
{
	switch (sig) {
	case SIGCHLD:
	case SIGURG:
	case SIGWINCH:
		return DFL_IGN;
	case SIGCONT:
		return DFL_CONT;
	case SIGSTOP:
	case SIGTSTP:
	case SIGTTIN:
	case SIGTTOU:
		return DFL_STOP;
	}
	return DFL_TERM;
}

static int valid_sig(int sig)
{
	return sig > 0 && sig < NSIG;
}

static int lowest(sigset_t set)
{
	/* This runs on every return to user mode, nearly always with nothing
	 * pending: that case costs a branch, not a loop over NSIG. */
	if (set == 0)
		return 0;
	for (int sig = 1; sig < NSIG; sig++)
		if (set & SIGBIT(sig))
			return sig;
	return 0;
}

/* Would delivering sig do nothing at all?  (SIGCONT's work is done when it is sent.) */
static int ignored(const struct sigstate *s, int sig)
{
	uint64 h = s->action[sig].handler;
	if (h == HANDLER_IGN)
		return 1;
	return h == HANDLER_DFL &&
	       (default_action(sig) == DFL_IGN || default_action(sig) == DFL_CONT);
}

/* A live user process: its main thread (a group's signals go to the
 * process, whose main thread takes them). */
static int user_proc(struct proc *p)
{
	return p->state != UNUSED && p->state != ZOMBIE && p->pagetable && p->leader == p;
}

/* ------------------------------------------------------------ sending */

void signal_post_locked(struct proc *p, int sig)
{
	struct sigstate *s = &p->sig;
	KASSERT(holding(&p->lock));
	if (!valid_sig(sig) || p->state == UNUSED || p->state == ZOMBIE)
		return;
	if (sig == SIGKILL) {
		if (!p->killed) {
			p->killed = 1;
			s->termsig = SIGKILL;
		}
		sched_wake_locked(p);
		return;
	}
	if (sig == SIGCONT) {
		s->pending &= ~STOP_SIGS;
		if (s->stopped) {
			s->stopped = 0;
			s->stop_report = 0;
			s->cont_report = 1;
			sched_wake_locked(p);
		}
	} else if (SIGBIT(sig) & STOP_SIGS) {
		s->pending &= ~SIGBIT(SIGCONT);
	}
	int blocked = (s->blocked & SIGBIT(sig)) != 0;
	if (!blocked && ignored(s, sig))
		return; /* a blocked one stays: the action may change before it is unblocked */
	s->pending |= SIGBIT(sig);
	if (!blocked)
		sched_wake_locked(p);
}

void signal_post(struct proc *p, int sig)
{
	acquire(&p->lock);
	signal_post_locked(p, sig);
	release(&p->lock);
}

void signal_raise(int sig)
{
	signal_post(myproc(), sig);
}

void signal_kill_proc(struct proc *p, int sig)
{
	acquire(&p->lock);
	if (!p->killed) {
		p->killed = 1;
		p->sig.termsig = sig;
	}
	sched_wake_locked(p);
	release(&p->lock);
}

int signal_send_pid(int pid, int sig)
{
	for (struct proc *p = proc; p < &proc[NPROC]; p++) {
		acquire(&p->lock);
		if (p->pid == pid && p->state != UNUSED) {
			int err = 0;
			if (sig && (p == initproc || (!p->pagetable && p->state != ZOMBIE)))
				err = -E_PERM; /* init keeps the system alive; kernel threads have
				                  no user side */
			else if (sig)
				signal_post_locked(p, sig);
			release(&p->lock);
			return err;
		}
		release(&p->lock);
	}
	return -E_SRCH;
}

/* sig to every user process of group pgid (0: all) but init and except. */
static int send_where(int pgid, int sig, int skip_ignintr, struct proc *except)
{
	int found = 0;
	for (struct proc *p = proc; p < &proc[NPROC]; p++) {
		if (p == except || p == initproc)
			continue;
		acquire(&p->lock);
		if (user_proc(p) && (pgid == 0 || p->sig.pgid == pgid) &&
		    !(skip_ignintr && p->ignintr)) {
			found = 1;
			if (sig)
				signal_post_locked(p, sig);
		}
		release(&p->lock);
	}
	return found ? 0 : -E_SRCH;
}

int signal_send_group(int pgid, int sig, int skip_ignintr)
{
	return send_where(pgid, sig, skip_ignintr, 0);
}

static int my_pgid(void)
{
	struct proc *p = myproc();
	acquire(&p->lock);
	int pgid = p->sig.pgid;
	release(&p->lock);
	return pgid;
}

int signal_kill(int pid, int sig)
{
	if (sig < 0 || sig >= NSIG)
		return -E_INVAL;
	if (pid > 0)
		return signal_send_pid(pid, sig);
	if (pid == 0)
		return send_where(my_pgid(), sig, 0, 0);
	if (pid == -1)
		return send_where(0, sig, 0, myproc());
	if (pid == (int)0x80000000)
		return -E_SRCH; /* -pid would overflow */
	return send_where(-pid, sig, 0, 0);
}

/* A zombie not yet reaped is still in its group (as in POSIX): a shell
 * may start a pipeline's second process after the first has exited. */
int pgrp_exists(int pgid)
{
	int found = 0;
	for (struct proc *p = proc; p < &proc[NPROC] && !found; p++) {
		acquire(&p->lock);
		found = p->state != UNUSED && p->pagetable && p->sig.pgid == pgid;
		release(&p->lock);
	}
	return found;
}

int signal_catch_fault(struct proc *p, int sig)
{
	acquire(&p->lock);
	struct sigstate *s = &p->sig;
	int caught = s->action[sig].handler > HANDLER_IGN && !(s->blocked & SIGBIT(sig));
	if (caught)
		s->pending |= SIGBIT(sig);
	release(&p->lock);
	return caught;
}

/* ------------------------------------------------------------ stopping */

/* Tell p's parent that p stopped or continued: SIGCHLD (unless it asked
 * SA_NOCLDSTOP) and a wakeup for a waitpid with WUNTRACED/WCONTINUED. */
static void tell_parent(struct proc *p)
{
	acquire(&wait_lock);
	struct proc *pp = p->parent;
	if (pp) {
		acquire(&pp->lock);
		if (!(pp->sig.action[SIGCHLD].flags & SA_NOCLDSTOP))
			signal_post_locked(pp, SIGCHLD);
		release(&pp->lock);
		wakeup(pp);
	}
	release(&wait_lock);
}

/* p->sig.stopped was just set (with p->lock): wait for SIGCONT or SIGKILL. */
static void stop_wait(struct proc *p)
{
	tell_parent(p);
	acquire(&p->lock);
	while (p->sig.stopped && !p->killed)
		sleep_locked(&p->sig.stopped);
	int resumed = !p->killed;
	release(&p->lock);
	if (resumed)
		tell_parent(p);
}

int signal_attention_locked(struct proc *p)
{
	return p->killed || (p->sig.pending & ~p->sig.blocked) != 0;
}

int signal_wait_check(struct spinlock *lk)
{
	struct proc *p = myproc();
	struct sigstate *s = &p->sig;
	acquire(&p->lock);
	if (p->killed) {
		release(&p->lock);
		return -E_INTR;
	}
	int result = 0, stop = 0;
	for (sigset_t ready = s->pending & ~s->blocked; ready && !result && !stop;) {
		int sig = lowest(ready);
		ready &= ~SIGBIT(sig);
		uint64 h = s->action[sig].handler;
		if (ignored(s, sig)) {
			s->pending &= ~SIGBIT(sig);
		} else if (h != HANDLER_DFL) {
			result = -E_RESTART;
		} else if (default_action(sig) == DFL_TERM) {
			result = -E_INTR;
		} else {
			s->pending &= ~SIGBIT(sig);
			s->stopped = 1;
			s->stop_report = sig;
			stop = 1;
		}
	}
	release(&p->lock);
	if (!stop)
		return result;
	release(lk);
	stop_wait(p);
	acquire(lk);
	return 1;
}

/* ------------------------------------------------------------ frames */

/* Push a frame of the registers in the trap frame and set the trap frame
 * to enter handler(sig); the frame's user address in *at.  -1 if the
 * stack cannot take it. */
static int push_frame(struct proc *p, int sig, sigset_t mask, uint64 handler, uint64 restorer,
                      uint64 *at)
{
	struct trapframe *tf = p->trapframe;
	struct sigframe f;
	memset(&f, 0, sizeof(f));
	f.regs[0] = tf->epc;
	memmove(&f.regs[1], &tf->ra, 31 * sizeof(uint64));
	f.mask = mask;
	f.sig = sig;
	f.magic = SIGFRAME_MAGIC;
	uint64 sp = (tf->sp - sizeof(f)) & ~(uint64)(STACK_ALIGN - 1);
	if (sp > tf->sp || copyout(p->pagetable, sp, &f, sizeof(f)) < 0)
		return -1;
	tf->epc = handler;
	tf->sp = sp;
	tf->a0 = sig;
	tf->a1 = 0;
	tf->a2 = sp;
	tf->ra = restorer;
	*at = sp;
	return 0;
}

/* Registers and mask from the frame at user address at; the restored a0. */
static int restore_frame(struct proc *p, uint64 at)
{
	struct trapframe *tf = p->trapframe;
	struct sigframe f;
	if (copyin(p->pagetable, &f, at, sizeof(f)) < 0 || f.magic != SIGFRAME_MAGIC)
		return -1;
	tf->epc = f.regs[0];
	memmove(&tf->ra, &f.regs[1], 31 * sizeof(uint64));
	acquire(&p->lock);
	p->sig.blocked = f.mask & ~UNBLOCKABLE; /* what this unblocks is delivered on the way out */
	release(&p->lock);
	p->sig.in_syscall = 0; /* a0 is the interrupted code's, not a result */
	return 0;
}

static void frame_fault(struct proc *p, const char *what, uint64 addr) __attribute__((noreturn));
static void frame_fault(struct proc *p, const char *what, uint64 addr)
{
	printf("pid %d (%s): %s at 0x%lx, pc 0x%lx: killed\n", p->pid, p->name, what, addr,
	       p->trapframe->epc);
	proc_exit_by_signal(SIGSEGV);
}

int64 signal_frame_return(struct proc *p)
{
	uint64 at = p->trapframe->sp;
	if (restore_frame(p, at) < 0)
		frame_fault(p, "bad signal frame", at);
	/* A lab alarm handler that returned instead of calling sigreturn(),
	 * or a handler that interrupted one: that alarm is over. */
	if (p->sig.alarm_frame && at >= p->sig.alarm_frame)
		p->sig.alarm_frame = 0;
	return p->trapframe->a0;
}

static void restart_call(struct trapframe *tf, struct sigstate *s)
{
	tf->epc -= ECALL_INSN_LEN;
	tf->a0 = s->syscall_a0;
}

/*
 * The common return to user mode, tested without p->lock: nothing to do
 * when p is not killed, nothing pending is unblocked, no lab alarm is due
 * and no sigsuspend mask waits to be put back.
 *
 * Why a read without the lock is enough.  What this thread changes itself
 * (its blocked mask, mask_saved, a signal it raised or a fault it caught
 * during this very trap, alarm_due from a timer interrupt on this hart)
 * is in program order on this hart: the test sees it.  What another hart
 * changes (a pending bit or p->killed, set under p->lock by a sender) is
 * read with relaxed atomic loads: the compiler must load it here and
 * cannot keep an old value across traps, but the store may not be
 * visible yet.  If the test sees it, the slow path takes p->lock and
 * reads everything again, ordered by the lock.  If it does not, the
 * sender's store and this load raced, and the signal counts as sent just
 * after this return, as if the target had already been in user mode
 * (a signal to a process running on another hart has no "before"): the
 * store is visible to the test at p's next trap, whichever comes first
 * of its next system call, fault or timer interrupt (a tick every
 * timer period: a thread that only computes in user mode is interrupted
 * there and comes back through here).  A sleeping target is woken by
 * the sender under p->lock and looks at its signals under that lock.
 * A tick that sets alarm_due between this test and the sret is likewise
 * acted on at the next trap, as before this test existed.
 */
static int nothing_to_do(struct proc *p)
{
	const struct sigstate *s = &p->sig;
	sigset_t ready = __atomic_load_n(&s->pending, __ATOMIC_RELAXED) & ~s->blocked;
	int killed = __atomic_load_n(&p->killed, __ATOMIC_RELAXED);
	return (ready | (sigset_t)killed | (sigset_t)s->alarm_due | (sigset_t)s->mask_saved) == 0;
}

/* The work itself: kept out of line, so that the common return does not
 * pay for this function's saved registers and stack frame. */
static void __attribute__((noinline)) act_on_signals(struct proc *p, int restart)
{
	struct sigstate *s = &p->sig;
	struct trapframe *tf = p->trapframe;

	for (;;) {
		acquire(&p->lock);
		if (p->killed) {
			int sig = s->termsig ? s->termsig : SIGKILL;
			release(&p->lock);
			proc_exit_by_signal(sig);
		}
		int sig = lowest(s->pending & ~s->blocked);
		if (!sig) {
			release(&p->lock);
			break;
		}
		s->pending &= ~SIGBIT(sig);
		struct sigaction_k act = s->action[sig];
		if (act.handler == HANDLER_IGN) {
			release(&p->lock);
			continue;
		}
		if (act.handler == HANDLER_DFL) {
			switch (default_action(sig)) {
			case DFL_TERM:
				release(&p->lock);
				proc_exit_by_signal(sig);
			case DFL_STOP:
				s->stopped = 1;
				s->stop_report = sig;
				release(&p->lock);
				stop_wait(p);
				continue;
			}
			release(&p->lock);
			continue;
		}
		sigset_t old = s->mask_saved ? s->saved_mask : s->blocked;
		s->mask_saved = 0;
		s->blocked |= act.mask | ((act.flags & SA_NODEFER) ? 0 : SIGBIT(sig));
		s->blocked &= ~UNBLOCKABLE;
		if (act.flags & (int)SA_RESETHAND) {
			s->action[sig].handler = HANDLER_DFL;
			s->action[sig].flags = 0;
		}
		release(&p->lock);
		if (restart) {
			restart = 0;
			if (act.flags & SA_RESTART)
				restart_call(tf, s);
			else
				tf->a0 = -E_INTR;
		}
		uint64 at;
		if (push_frame(p, sig, old, act.handler, act.restorer, &at) < 0)
			frame_fault(p, "no stack for a signal handler", tf->sp);
	}
	if (restart)
		restart_call(tf, s);
	if (s->mask_saved) { /* sigsuspend ended without a handler (cannot happen, but be sure) */
		acquire(&p->lock);
		s->blocked = s->saved_mask;
		s->mask_saved = 0;
		release(&p->lock);
	}

	/* The lab alarm, on top of any handler frames: it runs first. */
	if (s->alarm_due && s->alarm_interval && !s->alarm_frame) {
		s->alarm_due = 0;
		acquire(&p->lock);
		sigset_t mask = s->blocked;
		uint64 restorer = s->restorer;
		release(&p->lock);
		if (push_frame(p, 0, mask, s->alarm_handler, restorer, &s->alarm_frame) < 0)
			frame_fault(p, "no stack for an alarm handler", tf->sp);
	}
}

void signal_user_return(struct proc *p)
{
	struct sigstate *s = &p->sig;
	int restart = s->in_syscall && (int64)p->trapframe->a0 == -E_RESTART;
	s->in_syscall = 0;
	if (restart || !nothing_to_do(p))
		act_on_signals(p, restart);
}

/* ------------------------------------------------------------ the calls */

int signal_action(struct proc *p, int sig, const struct sigaction_k *act, struct sigaction_k *old)
{
	if (!valid_sig(sig))
		return -E_INVAL;
	if (act && (sig == SIGKILL || sig == SIGSTOP || (act->flags & ~SA_KNOWN)))
		return -E_INVAL;
	struct sigstate *s = &p->sig;
	acquire(&p->lock);
	if (old)
		*old = s->action[sig];
	if (act) {
		s->action[sig] = *act;
		s->action[sig].mask &= ~UNBLOCKABLE;
		if (act->restorer)
			s->restorer = act->restorer;
		if (ignored(s, sig))
			s->pending &=
			    ~SIGBIT(sig); /* POSIX: setting SIG_IGN discards a pending one */
	}
	release(&p->lock);
	return 0;
}

int signal_mask(struct proc *p, int how, sigset_t set, sigset_t *old)
{
	struct sigstate *s = &p->sig;
	acquire(&p->lock);
	if (old)
		*old = s->blocked;
	switch (how) {
	case SIG_BLOCK:
		s->blocked |= set;
		break;
	case SIG_UNBLOCK:
		s->blocked &= ~set;
		break;
	case SIG_SETMASK:
		s->blocked = set;
		break;
	default:
		release(&p->lock);
		return -E_INVAL;
	}
	s->blocked &= ~UNBLOCKABLE;
	release(&p->lock);
	return 0;
}

sigset_t signal_pending_set(struct proc *p)
{
	acquire(&p->lock);
	sigset_t set = p->sig.pending;
	release(&p->lock);
	return set;
}

/* sigsuspend's sleepers use their own channel; a signal wakes them directly. */
static struct spinlock suspend_lock = SPINLOCK_INIT("sigsuspend");

int signal_suspend(struct proc *p, sigset_t mask)
{
	struct sigstate *s = &p->sig;
	acquire(&p->lock);
	s->saved_mask = s->blocked;
	s->mask_saved = 1;
	s->blocked = mask & ~UNBLOCKABLE;
	release(&p->lock);
	acquire(&suspend_lock);
	for (;;) {
		int r = signal_wait_check(&suspend_lock);
		if (r < 0)
			break;
		if (r == 0)
			sleep_intr(&suspend_lock, &suspend_lock);
	}
	release(&suspend_lock);
	/* Not restarted: the handler's frame has the old mask, which its
	 * return puts back. */
	return -E_INTR;
}

int signal_alarm_set(struct proc *p, int n, uint64 handler)
{
	if (n < 0)
		return -E_INVAL;
	struct sigstate *s = &p->sig;
	push_off(); /* the timer interrupt counts on these fields */
	s->alarm_interval = n ? (int)ticks_from_user(n) : 0;
	s->alarm_left = s->alarm_interval;
	s->alarm_handler = n ? handler : 0;
	s->alarm_due = 0;
	pop_off();
	return 0;
}

int64 signal_lab_return(struct proc *p)
{
	uint64 at = p->sig.alarm_frame;
	if (!at)
		return -E_INVAL; /* no alarm handler is running */
	if (restore_frame(p, at) < 0)
		frame_fault(p, "bad alarm frame", at);
	p->sig.alarm_frame = 0;
	return p->trapframe->a0; /* the dispatcher stores it in a0: unchanged */
}

void signal_cpu_tick(struct proc *p)
{
	struct sigstate *s = &p->sig;
	if (!s->alarm_interval || s->alarm_frame)
		return; /* off, or the handler runs: it is not re-entered */
	if (--s->alarm_left <= 0) {
		s->alarm_left = s->alarm_interval;
		s->alarm_due = 1;
	}
}

uint64 signal_alarm_seconds(struct proc *p, uint64 seconds)
{
	struct sigstate *s = &p->sig;
	acquire(&p->lock);
	uint64 now = ticks, left = 0;
	if (s->alarm_at) {
		left = s->alarm_at > now ? (s->alarm_at - now + tick_hz - 1) / tick_hz : 0;
		if (left == 0)
			left = 1; /* due this very tick: not "no alarm" */
	}
	s->alarm_at = seconds ? now + seconds * tick_hz : 0;
	release(&p->lock);
	return left;
}

void signal_alarm_check_locked(struct proc *p, uint64 now)
{
	if (p->sig.alarm_at && p->sig.alarm_at <= now) {
		p->sig.alarm_at = 0;
		signal_post_locked(p, SIGALRM);
	}
}

/* ------------------------------------------------------------ fork, exec */

void signal_fork(struct proc *np, struct proc *p)
{
	KASSERT(holding(&np->lock) && p == myproc());
	struct sigstate *s = &np->sig;
	/* Without p->lock (two p->locks are never held at once): p is the
	 * caller, whose actions and mask change only through its own calls;
	 * its group may change under a parent's setpgid right now, and then
	 * the child gets the old or the new one, as with any two racing calls. */
	memset(s, 0, sizeof(*s));
	memmove(s->action, p->sig.action, sizeof(s->action));
	s->blocked = p->sig.blocked;
	s->restorer = p->sig.restorer;
	s->pgid = __atomic_load_n(&p->sig.pgid, __ATOMIC_RELAXED);
	s->alarm_frame = p->sig.alarm_frame; /* a child forked in an alarm handler may finish it */
}

void signal_exec(struct proc *p)
{
	struct sigstate *s = &p->sig;
	acquire(&p->lock);
	for (int sig = 1; sig < NSIG; sig++)
		if (s->action[sig].handler > HANDLER_IGN)
			memset(&s->action[sig], 0, sizeof(s->action[sig]));
	s->restorer = 0;
	release(&p->lock);
	push_off();
	s->alarm_interval = 0;
	s->alarm_left = 0;
	s->alarm_due = 0;
	s->alarm_handler = 0;
	s->alarm_frame = 0;
	pop_off();
}

/* ------------------------------------------------------------ groups */

int pgrp_set(int pid, int pgid)
{
	struct proc *me = myproc();
	if (pgid < 0)
		return -E_INVAL;
	acquire(&wait_lock); /* for the parent pointers */
	struct proc *t = 0;
	if (pid == 0 || pid == me->pid) {
		t = me;
	} else {
		for (struct proc *c = proc; c < &proc[NPROC] && !t; c++) {
			if (c->parent != me)
				continue;
			acquire(&c->lock);
			if (c->pid == pid && user_proc(c))
				t = c;
			release(&c->lock);
		}
	}
	if (!t) {
		release(&wait_lock);
		return -E_SRCH; /* only the caller and its children */
	}
	int tpid = t->pid;
	if (pgid == 0)
		pgid = tpid;
	if (pgid != tpid && !pgrp_exists(pgid)) {
		release(&wait_lock);
		return -E_PERM; /* a group is joined, or made by its leader */
	}
	acquire(&t->lock);
	t->sig.pgid = pgid;
	release(&t->lock);
	release(&wait_lock);
	return 0;
}

int pgrp_get(int pid)
{
	if (pid == 0)
		return my_pgid();
	for (struct proc *p = proc; p < &proc[NPROC]; p++) {
		acquire(&p->lock);
		if (p->pid == pid && p->state != UNUSED) {
			int pgid = p->sig.pgid;
			release(&p->lock);
			return pgid;
		}
		release(&p->lock);
	}
	return -E_SRCH;
}

int signal_tty_read_check(int fg_pgid)
{
	struct proc *p = myproc();
	if (!fg_pgid || !p->pagetable)
		return 0;
	acquire(&p->lock);
	struct sigstate *s = &p->sig;
	int pgid = s->pgid;
	int cannot = (s->blocked & SIGBIT(SIGTTIN)) || s->action[SIGTTIN].handler == HANDLER_IGN;
	release(&p->lock);
	if (pgid == fg_pgid || !pgrp_exists(fg_pgid))
		return 0; /* the foreground, or the console has none any more */
	acquire(&wait_lock);
	int orphan = p->parent == initproc;
	release(&wait_lock);
	if (cannot || orphan)
		return -E_IO;
	send_where(pgid, SIGTTIN, 0, 0);
	return -E_RESTART;
}
