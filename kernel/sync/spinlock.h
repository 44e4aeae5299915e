/*
 * spinlock.h: mutual exclusion between harts for short critical sections.
 *
 * Holding a spinlock keeps interrupts off on this hart (push_off/pop_off
 * nest), so an interrupt handler can never spin on a lock its own hart
 * holds.  Acquiring a lock twice on one hart, or releasing one not held,
 * panics.
 */
#ifndef KITE_SYNC_SPINLOCK_H
#define KITE_SYNC_SPINLOCK_H

#include "../abi/types.h"

struct cpu;
struct lockstat;
struct lockdep_class;

struct spinlock {
	volatile uint32 locked; /* 0 free, 1 held */
	const char *name;       /* for panic messages */
	struct cpu *cpu;        /* holder, for holding() */
	struct lockstat *stat;  /* its class's counters (sync/lockstat.h); 0 until
	                         * the first acquire looks it up */
#ifdef KITE_KCHECKS
	struct lockdep_class *dep; /* its lock-order class (sync/lockdep.h), 0 until
	                            * the first acquire looks it up */
#endif
};

/* A lock defined at file scope can be set up by its initializer instead of spin_init. */
#define SPINLOCK_INIT(nm)                                                                          \
	{                                                                                          \
		.locked = 0, .name = (nm), .cpu = 0, .stat = 0                                     \
	}

void spin_init(struct spinlock *lk, const char *name);
void acquire(struct spinlock *lk);
void release(struct spinlock *lk);
/* Does this hart hold lk?  Call with interrupts off. */
int holding(struct spinlock *lk);

/* Interrupts off, nestable; pop_off restores the state of the first push_off. */
void push_off(void);
void pop_off(void);
/* Does the caller hold a spinlock (or sit inside push_off)?  Then it must not sleep. */
int holding_any_spinlock(void);

#endif
