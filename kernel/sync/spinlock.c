/*
 * spinlock.c: test-and-set spinlocks built on the A extension's amoswap
 * with acquire/release ordering (GCC's __sync builtins emit fences on
 * both sides, which is what a lock needs).  Each acquire counts itself
 * and its failed attempts in the lock's class (sync/lockstat.h).  A
 * checking kernel (KITE_KCHECKS) also checks the order in which lock
 * classes are taken (sync/lockdep.h) before it spins.
 */
#include "sync/spinlock.h"
#include "sync/lockstat.h"
#include "sync/lockdep.h"
#include "arch/riscv/cpu.h"
#include "lib/panic.h"

void spin_init(struct spinlock *lk, const char *name)
{
	lk->name = name;
	lk->locked = 0;
	lk->cpu = 0;
	lk->stat = lockstat_class(name);
#ifdef KITE_KCHECKS
	lk->dep = 0;
#endif
}

void acquire(struct spinlock *lk)
{
	push_off();
	if (holding(lk))
		panic("acquire: lock '%s' already held by this hart", lk->name);
#ifdef KITE_KCHECKS
	lockdep_check(&lk->dep, lk->name, LOCKDEP_SPIN); /* before a deadlock could hang us */
	lockdep_hold(lk, lk->dep, LOCKDEP_SPIN);
#endif
	uint64 spins = 0;
	while (__sync_lock_test_and_set(&lk->locked, 1) != 0)
		spins++;
	__sync_synchronize(); /* the critical section's loads stay after the swap */
	lk->cpu = mycpu();
	if (!lk->stat) /* a lock made by SPINLOCK_INIT: set under the lock itself */
		lk->stat = lockstat_class(lk->name);
	struct lockstat_hart *h = &lk->stat->hart[cpuid()]; /* ours: interrupts are off */
	h->acquires++;
	h->spins += spins;
}

void release(struct spinlock *lk)
{
	if (!holding(lk))
		panic("release: lock '%s' not held by this hart", lk->name);
#ifdef KITE_KCHECKS
	lockdep_unhold(lk, LOCKDEP_SPIN);
#endif
	lk->cpu = 0;
	__sync_synchronize(); /* the critical section's stores land before the unlock */
	__sync_lock_release(&lk->locked);
	pop_off();
}

int holding(struct spinlock *lk)
{
	return lk->locked && lk->cpu == mycpu();
}

void push_off(void)
{
	int old = intr_get();
	intr_off();
	struct cpu *c = mycpu();
	if (c->noff == 0)
		c->intena = old;
	c->noff++;
}

void pop_off(void)
{
	struct cpu *c = mycpu();
	if (intr_get())
		panic("pop_off: interrupts are on (noff %d)", c->noff);
	if (c->noff < 1)
		panic("pop_off: not pushed");
	c->noff--;
	if (c->noff == 0 && c->intena)
		intr_on();
}

int holding_any_spinlock(void)
{
	push_off();                   /* asked with interrupts off, so the answer is this hart's */
	int held = mycpu()->noff > 1; /* our own push_off is the 1 */
	pop_off();
	return held;
}
