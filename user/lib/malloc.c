/*
 * malloc.c: a first-fit allocator over sbrk.
 *
 * Memory is handed out in units of one header (16 bytes, which keeps every
 * block 16-byte aligned).  Free blocks sit on a single list sorted by
 * address, so free() can merge a block with its neighbours and the heap
 * does not fragment into ever smaller pieces.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

struct block {
	struct block *next; /* next free block, higher address (free list only) */
	uint64 units;       /* size of this block in units, header included */
};

#define UNIT sizeof(struct block)
#define GROW_UNITS (4096 / UNIT) /* ask sbrk for at least a page at a time */

static struct block *freelist; /* address-ordered, NULL-terminated */

void free(void *p)
{
	struct block *b, *prev = 0, *cur;

	if (p == 0)
		return;
	b = (struct block *)p - 1;

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

/* Adds at least `units` units of fresh memory to the free list. */
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
	free(b + 1);
	return 0;
}

void *malloc(uint nbytes)
{
	uint64 units = ((uint64)nbytes + UNIT - 1) / UNIT + 1;
	struct block *b, *prev;

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
			return b + 1;
		}
		if (grow(units) < 0)
			return 0;
	}
}
