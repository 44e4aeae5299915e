/*
 * malloc.c: a first-fit allocator over sbrk.
 *
 * Memory is handed out in units of one header (16 bytes, which keeps every
 * block 16-byte aligned).  Free blocks sit on a single list sorted by
 * address, so free() can merge a block with its neighbours and the heap
 * does not fragment into ever smaller pieces.
 *
 * Threads: heap_lock (a pthread mutex: one atomic swap when nobody else
 * wants it) guards the free list and the calls to sbrk.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"
#include "user/pthread.h"

struct block {
	struct block *next; /* next free block, higher address (free list only) */
	uint64 units;       /* size of this block in units, header included */
};

#define UNIT sizeof(struct block)
#define GROW_UNITS (4096 / UNIT) /* ask sbrk for at least a page at a time */

static struct block *freelist; /* address-ordered, NULL-terminated; heap_lock */
static pthread_mutex_t heap_lock = PTHREAD_MUTEX_INITIALIZER;

/* Put block b back on the free list; heap_lock held. */
static void release_block(struct block *b)
{
	struct block *prev = 0, *cur;

	/* Find the neighbours: prev < b < cur. */
	for (cur = freelist; cur && cur < b; cur = cur->next)
		prev = cur;

	/* Merge with the following block if they touch. */
	if (cur && b + b->units == cur) {
		b->units += cur->units;
		b->next = cur->next;
	} else {
		b->next = cur;
	}
	/* Merge with the preceding block if they touch. */
	if (prev && prev + prev->units == b) {
		prev->units += b->units;
		prev->next = b->next;
	} else if (prev) {
		prev->next = b;
	} else {
		freelist = b;
	}
}

void free(void *p)
{
	if (p == 0)
		return;
	pthread_mutex_lock(&heap_lock);
	release_block((struct block *)p - 1);
	pthread_mutex_unlock(&heap_lock);
}

/* Adds at least `units` units of fresh memory to the free list; heap_lock held. */
static int grow(uint64 units)
{
	struct block *b;
	char *p;

	if (units < GROW_UNITS)
		units = GROW_UNITS;
	if (units * UNIT > 0x7fffffff)
		return -1; /* sbrk takes an int */
	p = sbrk((int)(units * UNIT));
	if (p == (char *)-1)
		return -1;
	b = (struct block *)p;
	b->units = units;
	release_block(b);
	return 0;
}

void *malloc(uint nbytes)
{
	uint64 units = ((uint64)nbytes + UNIT - 1) / UNIT + 1;
	struct block *b, *prev;

	pthread_mutex_lock(&heap_lock);
	for (;;) {
		prev = 0;
		for (b = freelist; b; prev = b, b = b->next) {
			if (b->units < units)
				continue;
			if (b->units == units) {
				if (prev)
					prev->next = b->next;
				else
					freelist = b->next;
			} else {
				/* Hand out the tail; the head stays on the list. */
				b->units -= units;
				b += b->units;
				b->units = units;
			}
			pthread_mutex_unlock(&heap_lock);
			return b + 1;
		}
		if (grow(units) < 0) {
			pthread_mutex_unlock(&heap_lock);
			return 0;
		}
	}
}
