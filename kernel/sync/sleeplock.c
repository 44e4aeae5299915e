/*
 * sleeplock.c: sleep locks on top of a spinlock and sleep/wakeup.  The
 * lock's address is the wait channel.  A checking kernel checks the
 * order of sleep lock classes too (sync/lockdep.h), per process.
 * A waiter counts itself in `waiters` while it sleeps, under lk->lk, so
 * a release that sees none can skip the wakeup: no one can start waiting
 * in between, since waiting starts under the same spinlock.
 */
#include "sync/sleeplock.h"
#include "sync/lockdep.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "lib/panic.h"

void sleep_init(struct sleeplock *lk, const char *name)
{
	spin_init(&lk->lk, name); /* its statistics under the sleep lock's name */
	lk->name = name;
	lk->locked = 0;
	lk->pid = 0;
	lk->waiters = 0;
#ifdef KITE_KCHECKS
	lk->dep = 0;
#endif
}

void acquire_sleep(struct sleeplock *lk)
{
	struct proc *p = myproc();
	KASSERT(p); /* never from an interrupt handler or the scheduler */
#ifdef KITE_KCHECKS
	lockdep_check(&lk->dep, lk->name, LOCKDEP_SLEEP);
#endif
	acquire(&lk->lk);
	if (lk->locked && lk->pid == p->pid)
		panic("acquire_sleep: '%s' already held by pid %d", lk->name, p->pid);
	while (lk->locked) {
		lk->waiters++;
		sleep(lk, &lk->lk);
		lk->waiters--;
	}
	lk->locked = 1;
	lk->pid = p->pid;
#ifdef KITE_KCHECKS
	lockdep_hold(lk, lk->dep, LOCKDEP_SLEEP);
#endif
	release(&lk->lk);
}

void release_sleep(struct sleeplock *lk)
{
	acquire(&lk->lk);
	if (!lk->locked || lk->pid != myproc()->pid)
		panic("release_sleep: '%s' not held by pid %d", lk->name, myproc()->pid);
#ifdef KITE_KCHECKS
	lockdep_unhold(lk, LOCKDEP_SLEEP);
#endif
	lk->locked = 0;
	lk->pid = 0;
	/* wakeup scans the process table: a lock released hundreds of
	 * times per file read (every buffer) must not pay that for nobody. */
	if (lk->waiters > 0)
		wakeup(lk);
	release(&lk->lk);
}

int holding_sleep(struct sleeplock *lk)
{
	acquire(&lk->lk);
	int r = lk->locked && lk->pid == myproc()->pid;
	release(&lk->lk);
	return r;
}
