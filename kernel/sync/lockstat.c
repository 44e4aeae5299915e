/*
 * lockstat.c: the lock classes and their report (lockstat.h).
 *
 * Classes are only ever added, never removed (a pipe's lock goes away with
 * the pipe, its class stays), so a lock may keep a pointer to its class
 * for good.  registry_busy guards nclasses and the names; the counters are
 * each hart's own.  It is a bare test-and-set flag, not a struct spinlock,
 * because acquire() itself comes here the first time it takes a lock made
 * by SPINLOCK_INIT.
 */
#include "sync/lockstat.h"
#include "sync/spinlock.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

static struct lockstat classes[LOCKSTAT_CLASSES];
static int nclasses;
static volatile uint32 registry_busy;

static void registry_lock(void)
{
	push_off();
	while (__sync_lock_test_and_set(&registry_busy, 1) != 0)
		;
	__sync_synchronize();
}

static void registry_unlock(void)
{
	__sync_synchronize();
	__sync_lock_release(&registry_busy);
	pop_off();
}

#define OTHER_NAME "other"

struct lockstat *lockstat_class(const char *name)
{
	registry_lock();
	struct lockstat *c = 0;
	for (int i = 0; i < nclasses && !c; i++)
		if (strcmp(classes[i].name, name) == 0)
			c = &classes[i];
	if (!c) {
		/* The last slot is "other", for every name past the table's end. */
		if (nclasses == LOCKSTAT_CLASSES - 1) {
			classes[nclasses++].name = OTHER_NAME;
		}
		if (nclasses == LOCKSTAT_CLASSES) {
			c = &classes[LOCKSTAT_CLASSES - 1];
		} else {
			c = &classes[nclasses++];
			c->name = name;
		}
	}
	registry_unlock();
	return c;
}

static void totals(const struct lockstat *c, uint64 *acquires, uint64 *spins)
{
	*acquires = *spins = 0;
	for (int h = 0; h < NCPU; h++) {
		*acquires += __atomic_load_n(&c->hart[h].acquires, __ATOMIC_RELAXED);
		*spins += __atomic_load_n(&c->hart[h].spins, __ATOMIC_RELAXED);
	}
}

static int class_count(void)
{
	registry_lock();
	int n = nclasses;
	registry_unlock();
	return n;
}

static int counted_for_alloc(const char *name)
{
	return strncmp(name, "page", 4) == 0 || strncmp(name, "bcache", 6) == 0;
}

uint64 lockstat_alloc_spins(void)
{
	uint64 sum = 0, a, s;
	int n = class_count();
	for (int i = 0; i < n; i++)
		if (counted_for_alloc(classes[i].name)) {
			totals(&classes[i], &a, &s);
			sum += s;
		}
	return sum;
}

/* Append to the report; -1 once it no longer fits. */
__attribute__((format(printf, 4, 5))) static int put(char *buf, int n, int *len, const char *fmt,
                                                     ...)
{
	if (*len < 0)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(buf + *len, n - *len, fmt, ap);
	va_end(ap);
	if (*len + w >= n - 1) { /* vsnprintf stops at n-1: a full buffer may have cut it */
		*len = -1;
		return -1;
	}
	*len += w;
	return 0;
}

static void put_class(char *buf, int n, int *len, const struct lockstat *c)
{
	uint64 a, s;
	totals(c, &a, &s);
	put(buf, n, len, "lock: %s: #test-and-set %lu #acquire() %lu\n", c->name, s, a);
}

int lockstat_report(char *buf, int n)
{
	int len = 0, count = class_count();
	if (n <= 0)
		return -E_RANGE;
	buf[0] = 0;
	put(buf, n, &len,
	    "lock statistics: tot= %lu (test-and-set spins on the page allocator's "
	    "and buffer cache's locks)\n",
	    lockstat_alloc_spins());
	for (int i = 0; i < count; i++)
		put_class(buf, n, &len, &classes[i]);
	put(buf, n, &len, "--- top %d contended locks:\n", LOCKSTAT_TOP);
	/* The top classes by spins, picked one at a time (a few dozen classes). */
	uint64 shown = 0; /* bit i: class i already listed */
	_Static_assert(LOCKSTAT_CLASSES <= 64, "the shown mask has a bit per class");
	for (int k = 0; k < LOCKSTAT_TOP && k < count; k++) {
		int best = -1;
		uint64 best_spins = 0, a, s;
		for (int i = 0; i < count; i++) {
			totals(&classes[i], &a, &s);
			if (!(shown & (1UL << i)) && (best < 0 || s > best_spins)) {
				best = i;
				best_spins = s;
			}
		}
		shown |= 1UL << best;
		put_class(buf, n, &len, &classes[best]);
	}
	return len < 0 ? -E_RANGE : len;
}
