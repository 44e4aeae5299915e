/*
 * rwlock.h: a reader/writer spinlock.  Any number of readers, or one
 * writer, hold it at once.  Writers go first: once a writer waits, new
 * readers wait too, so a stream of readers cannot starve a writer.  Like
 * a spinlock, holding it keeps interrupts off on this hart, and it may not
 * be held across a sleep.
 *
 * state: 0 free, n > 0 held by n readers, RW_WRITER held by a writer;
 * writers_waiting counts writers spinning in write_acquire.  Both change
 * only by atomic instructions.
 */
#ifndef KITE_SYNC_RWLOCK_H
#define KITE_SYNC_RWLOCK_H

#include "../abi/types.h"

#define RW_WRITER (-1)

struct rwspinlock {
	volatile int32 state;
	volatile uint32 writers_waiting;
	const char *name; /* for panic messages */
};

void rw_init(struct rwspinlock *lk, const char *name);
void read_acquire(struct rwspinlock *lk);
void read_release(struct rwspinlock *lk);
void write_acquire(struct rwspinlock *lk);
void write_release(struct rwspinlock *lk);

#endif
