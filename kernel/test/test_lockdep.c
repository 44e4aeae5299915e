/*
 * test_lockdep.c: the lock-order checker (sync/lockdep.h) of checking
 * kernels.  The automatic tests switch it to counting (lockdep_panics = 0)
 * and check that it finds two- and three-class cycles, of spinlocks and of
 * sleep locks, and nothing in a consistent order; lockdep_cycle is the
 * manual one that panics with both orders' backtraces (grade test
 * kchecks_lockdep_cycle).  Each test uses classes of its own, so one
 * test's cycle never shows up in another.
 */
#include "test/ktest.h"
#include "sync/spinlock.h"
#include "sync/sleeplock.h"
#include "sync/lockdep.h"

/* Take a then b, release both. */
__attribute__((noinline)) static void spin_pair(struct spinlock *a, struct spinlock *b)
{
	acquire(a);
	acquire(b);
	release(b);
	release(a);
}

/* The same order again and again, and an unrelated lock in between, are no cycle. */
KTEST(lockdep_consistent_order)
{
	static struct spinlock a, b, c;
	spin_init(&a, "ktest lockdep ok a");
	spin_init(&b, "ktest lockdep ok b");
	spin_init(&c, "ktest lockdep ok c");
	int before = lockdep_cycles();
	lockdep_panics = 0;
	for (int i = 0; i < 3; i++) {
		spin_pair(&a, &b);
		spin_pair(&b, &c);
		spin_pair(&a, &c);
	}
	lockdep_panics = 1;
	KT_CHECK(lockdep_cycles() == before);
}

/* A then B, later B then A: one cycle, reported once each time the bad order is taken. */
KTEST(lockdep_two_spinlocks)
{
	static struct spinlock a, b;
	spin_init(&a, "ktest lockdep 2 a");
	spin_init(&b, "ktest lockdep 2 b");
	int before = lockdep_cycles();
	lockdep_panics = 0;
	spin_pair(&a, &b);
	int after_ab = lockdep_cycles();
	spin_pair(&b, &a);
	lockdep_panics = 1;
	KT_CHECK(after_ab == before);
	KT_CHECK(lockdep_cycles() == before + 1);
}

/* A before B, B before C, then C before A: a cycle through three classes. */
KTEST(lockdep_three_spinlocks)
{
	static struct spinlock a, b, c;
	spin_init(&a, "ktest lockdep 3 a");
	spin_init(&b, "ktest lockdep 3 b");
	spin_init(&c, "ktest lockdep 3 c");
	int before = lockdep_cycles();
	lockdep_panics = 0;
	spin_pair(&a, &b);
	spin_pair(&b, &c);
	int ok = lockdep_cycles() == before;
	spin_pair(&c, &a);
	lockdep_panics = 1;
	KT_CHECK(ok);
	KT_CHECK(lockdep_cycles() == before + 1);
}

/* Two locks of one class nested (two inodes) are not a cycle. */
KTEST(lockdep_same_class)
{
	static struct spinlock a, b;
	spin_init(&a, "ktest lockdep same");
	spin_init(&b, "ktest lockdep same");
	int before = lockdep_cycles();
	lockdep_panics = 0;
	spin_pair(&a, &b);
	spin_pair(&b, &a);
	lockdep_panics = 1;
	KT_CHECK(lockdep_cycles() == before);
}

/* Sleep locks are checked per process: S then T, then T then S. */
KTEST(lockdep_sleeplocks)
{
	static struct sleeplock s, t;
	sleep_init(&s, "ktest lockdep sleep s");
	sleep_init(&t, "ktest lockdep sleep t");
	int before = lockdep_cycles();
	lockdep_panics = 0;
	acquire_sleep(&s);
	acquire_sleep(&t);
	release_sleep(&t);
	release_sleep(&s);
	int ok = lockdep_cycles() == before;
	acquire_sleep(&t);
	acquire_sleep(&s);
	release_sleep(&s);
	release_sleep(&t);
	lockdep_panics = 1;
	KT_CHECK(ok);
	KT_CHECK(lockdep_cycles() == before + 1);
}

/* A sleep lock held while a spinlock is taken orders them too. */
KTEST(lockdep_sleep_then_spin)
{
	static struct sleeplock s;
	static struct spinlock x, y;
	sleep_init(&s, "ktest lockdep mixed s");
	spin_init(&x, "ktest lockdep mixed x");
	spin_init(&y, "ktest lockdep mixed y");
	int before = lockdep_cycles();
	lockdep_panics = 0;
	acquire_sleep(&s);
	spin_pair(&x, &y);
	release_sleep(&s);
	int ok = lockdep_cycles() == before;
	spin_pair(&y, &x);
	lockdep_panics = 1;
	KT_CHECK(ok);
	KT_CHECK(lockdep_cycles() == before + 1);
}

static struct spinlock cycle_a = SPINLOCK_INIT("ktest lockdep a");
static struct spinlock cycle_b = SPINLOCK_INIT("ktest lockdep b");

__attribute__((noinline)) static void lockdep_order_ab(void)
{
	spin_pair(&cycle_a, &cycle_b);
}

__attribute__((noinline)) static void lockdep_order_ba(void)
{
	spin_pair(&cycle_b, &cycle_a);
}

/* Panics: "lockdep: lock order cycle", both orders with backtraces. */
KTEST_MANUAL(lockdep_cycle)
{
	lockdep_order_ab();
	lockdep_order_ba();
}
