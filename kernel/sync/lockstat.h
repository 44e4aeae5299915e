/*
 * lockstat.h: spinlock statistics (the 6.1810 lock lab's).
 *
 * Every spinlock set up with spin_init belongs to the class of its name
 * ("proc", "page cache", "bcache bucket"...): the 64 "proc" locks are one
 * row.  A class counts acquires and spins (failed test-and-set attempts
 * while waiting), per hart, so counting is a plain increment by the hart
 * holding the lock (interrupts are off in acquire) and never itself a
 * point of contention; a report adds the harts up.  A lock made with
 * SPINLOCK_INIT has no class and is not counted (the registry's own lock).
 */
#ifndef KITE_SYNC_LOCKSTAT_H
#define KITE_SYNC_LOCKSTAT_H

#include "../abi/types.h"
#include "../abi/param.h"

#define LOCKSTAT_CLASSES 64 /* distinct lock names; later ones share "other" */
#define LOCKSTAT_TOP 5      /* the most contended classes a report lists */

struct lockstat_hart {
	uint64 acquires;
	uint64 spins;
} __attribute__((aligned(64))); /* one hart's counters never share a cache line */

struct lockstat {
	const char *name;
	struct lockstat_hart hart[NCPU];
};

/* The class for locks called name (made on first use). */
struct lockstat *lockstat_class(const char *name);

/* The total spins on the page allocator's and the buffer cache's locks
 * (classes named "page..." and "bcache..."). */
uint64 lockstat_alloc_spins(void);

/*
 * The report statistics() returns: "lock statistics: tot= N ..." (N as
 * lockstat_alloc_spins, the first '=' in the text), one line per class
 * with its acquires and spins, then the LOCKSTAT_TOP most contended.
 * Written into buf (n bytes, NUL-terminated); its length, or -E_RANGE if
 * it does not fit.
 */
int lockstat_report(char *buf, int n);

#endif
