/*
 * exit.c: how a process ends and how its parent learns of it.
 *
 * exit keeps the process's slot as a ZOMBIE holding its status; the
 * parent's wait() frees the slot.  Children of an exiting process are
 * handed to init, which waits for them forever.  The parent gets SIGCHLD
 * (ignored unless it has a handler).  waitpid() also reports children
 * that stopped or continued (the reports are kept in p->sig, made by
 * signal.c); xv6's wait() sees only exits.
 *
 * Threads: exit from any thread ends every thread of the process first
 * (thread_group_exit); the main thread's slot then does the rest, so the
 * parent sees the process once, when all its threads are gone.  Children
 * belong to the process (the leader), whichever thread forked them.
 */
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/signal.h"
#include "proc/uproc.h"
#include "proc/uaccess.h"
#include "proc/thread.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/printf.h"
#include "arch/riscv/power.h"

/* Give p's children to init; caller holds wait_lock.  A stopped child
 * would stay stopped for good (nobody is left to continue it): as POSIX
 * does for a process group orphaned with a stopped member, it gets
 * SIGHUP then SIGCONT (Kite looks only at the children themselves). */
static void reparent(struct proc *p)
{
	KASSERT(holding(&wait_lock));
	for (struct proc *c = proc; c < &proc[NPROC]; c++)
		if (c->parent == p) {
			c->parent = initproc;
			acquire(&c->lock);
			if (c->sig.stopped) {
				signal_post_locked(c, SIGHUP);
				signal_post_locked(c, SIGCONT);
			}
			release(&c->lock);
			wakeup(initproc);
		}
}

static void exit_common(int status, int termsig) __attribute__((noreturn));
static void exit_common(int status, int termsig)
{
	/* Every other thread ends first; only the main thread goes on, with
	 * the status of the group's first exit or kill. */
	thread_group_exit(&status, &termsig);
	struct proc *p = myproc();
	if (p == initproc) {
		/* Not a kernel bug (a broken disk, a bad /init): say so and stop cleanly. */
		printf("kite: init exited with status %d; powering off\n", status);
		power_off(status != 0);
	}

	vma_release_all(p); /* writes shared mappings back: may sleep */
	uproc_release_files(p);

	acquire(&wait_lock);
	reparent(p);
	if (p->parent) {
		signal_post(p->parent, SIGCHLD);
		wakeup(p->parent); /* the parent may be waiting */
	}
	acquire(&p->lock);
	p->xstate = status;
	p->sig.termsig = termsig;
	p->state = ZOMBIE;
	release(&wait_lock);
	sched();
	panic("zombie pid %d ran again", p->pid);
}

void proc_exit(int status)
{
	exit_common(status, 0);
}

void proc_exit_by_signal(int sig)
{
	exit_common(-1, sig); /* xv6's wait() sees -1 for a killed process */
}

/* Does child c answer waitpid's pid (c->lock held)? */
static int wanted(struct proc *me, struct proc *c, int pid)
{
	if (pid > 0)
		return c->pid == pid;
	if (pid == -1)
		return 1;
	return c->sig.pgid == (pid == 0 ? me->sig.pgid : -pid);
}

/* What waitpid reports for zombie c: kernel/signal.h's layout. */
static int exit_status(struct proc *c)
{
	return c->sig.termsig ? (c->sig.termsig & 0x7f) : W_EXITCODE(c->xstate);
}

/*
 * Reap one zombie child (or, for waitpid's options, report a stop or a
 * continue), storing its status at dst (a user address if user, else a
 * kernel pointer; none if 0).  xv6: wait()'s status, the value given to
 * exit() (-1 if killed), and any child.  Sleeps while children live,
 * unless WNOHANG.
 */
static int wait_common(int user, uint64 dst, int pid, int options, int xv6)
{
	struct proc *me = myprocess(); /* any thread waits for the process's children */
	/* A bad status pointer must fail before a child is reaped. */
	if (user && dst && user_range_writable(me->pagetable, dst, sizeof(int)) < 0)
		return -E_FAULT;
	acquire(&wait_lock);
	for (;;) {
		int have_kids = 0;
		for (struct proc *c = proc; c < &proc[NPROC]; c++) {
			if (c->parent != me)
				continue;
			acquire(&c->lock);
			if (!wanted(me, c, pid)) {
				release(&c->lock);
				continue;
			}
			have_kids = 1;
			int st, reap = 0, *flag = 0;
			if (c->state == ZOMBIE) {
				st = xv6 ? c->xstate : exit_status(c);
				reap = 1;
			} else if ((options & WUNTRACED) && c->sig.stop_report) {
				st = W_STOPCODE(c->sig.stop_report);
				flag = &c->sig.stop_report;
			} else if ((options & WCONTINUED) && c->sig.cont_report) {
				st = W_CONTINUED;
				flag = &c->sig.cont_report;
			} else {
				release(&c->lock);
				continue;
			}
			int cpid = c->pid;
			if (dst && either_copyout(user, dst, &st, sizeof(st)) < 0) {
				release(&c->lock);
				release(&wait_lock);
				return -E_FAULT;
			}
			if (reap)
				proc_free(c);
			else
				*flag = 0; /* told once */
			release(&c->lock);
			release(&wait_lock);
			return cpid;
		}
		if (!have_kids) {
			release(&wait_lock);
			return -E_CHILD;
		}
		if (options & WNOHANG) {
			release(&wait_lock);
			return 0;
		}
		int r = signal_wait_check(&wait_lock);
		if (r < 0) {
			release(&wait_lock);
			return xv6 && r == -E_INTR
			           ? -E_CHILD
			           : r; /* xv6's wait: a killed caller has no children */
		}
		if (r == 0)
			sleep_intr(me, &wait_lock);
	}
}

int proc_wait_kernel(int *status)
{
	return wait_common(0, (uint64)status, -1, 0, 1);
}

int proc_wait(uint64 ustatus)
{
	return wait_common(1, ustatus, -1, 0, 1);
}

int proc_waitpid(int pid, uint64 ustatus, int options)
{
	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED))
		return -E_INVAL;
	if (pid == (int)0x80000000)
		return -E_CHILD; /* no group -pid */
	return wait_common(1, ustatus, pid, options, 0);
}
