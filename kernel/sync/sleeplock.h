/*
 * sleeplock.h: a lock held across sleeps (disk I/O), for buffers and
 * inodes.  Waiters sleep instead of spinning; only process context (a
 * process or kernel thread) may take one, never an interrupt handler.
 */
#ifndef KITE_SYNC_SLEEPLOCK_H
#define KITE_SYNC_SLEEPLOCK_H

#include "sync/spinlock.h"

struct sleeplock {
	struct spinlock lk; /* guards locked, pid and waiters */
	int locked;
	int pid;     /* holder, for holding_sleep() and debugging */
	int waiters; /* processes sleeping for it: release wakes only if some do */
	const char *name;
#ifdef KITE_KCHECKS
	struct lockdep_class *dep; /* its lock-order class (sync/lockdep.h) */
#endif
};

/* A lock defined at file scope can be set up by its initializer instead of sleep_init. */
#define SLEEPLOCK_INIT(nm)                                                                         \
	{                                                                                          \
		.lk = SPINLOCK_INIT(nm), .locked = 0, .pid = 0, .waiters = 0, .name = (nm)         \
	}

void sleep_init(struct sleeplock *lk, const char *name);
void acquire_sleep(struct sleeplock *lk);
void release_sleep(struct sleeplock *lk);
/* Does the current process hold lk? */
int holding_sleep(struct sleeplock *lk);

#endif
