/*
 * rwlock.c: the reader/writer spinlock (rwlock.h), on compare-and-swap.
 * The __atomic builtins with acquire order on taking and release order on
 * letting go keep each critical section's loads and stores inside it.
 */
#include "sync/rwlock.h"
#include "sync/spinlock.h"
#include "lib/panic.h"

void rw_init(struct rwspinlock *lk, const char *name)
{
	lk->state = 0;
	lk->writers_waiting = 0;
	lk->name = name;
}

void read_acquire(struct rwspinlock *lk)
{
	push_off();
	for (;;) {
		int32 s = __atomic_load_n(&lk->state, __ATOMIC_RELAXED);
		if (s >= 0 && __atomic_load_n(&lk->writers_waiting, __ATOMIC_RELAXED) == 0 &&
		    __atomic_compare_exchange_n(&lk->state, &s, s + 1, 0, __ATOMIC_ACQUIRE,
		                                __ATOMIC_RELAXED))
			return;
	}
}

void read_release(struct rwspinlock *lk)
{
	int32 old = __atomic_fetch_sub(&lk->state, 1, __ATOMIC_RELEASE);
	if (old <= 0)
		panic("read_release: rwlock '%s' not read-held (state %d)", lk->name, old);
	pop_off();
}

void write_acquire(struct rwspinlock *lk)
{
	push_off();
	__atomic_fetch_add(&lk->writers_waiting, 1, __ATOMIC_RELAXED);
	for (;;) {
		int32 s = 0;
		if (__atomic_compare_exchange_n(&lk->state, &s, RW_WRITER, 0, __ATOMIC_ACQUIRE,
		                                __ATOMIC_RELAXED))
			break;
	}
	__atomic_fetch_sub(&lk->writers_waiting, 1, __ATOMIC_RELAXED);
}

void write_release(struct rwspinlock *lk)
{
	int32 s = RW_WRITER;
	if (!__atomic_compare_exchange_n(&lk->state, &s, 0, 0, __ATOMIC_RELEASE, __ATOMIC_RELAXED))
		panic("write_release: rwlock '%s' not write-held (state %d)", lk->name, s);
	pop_off();
}
