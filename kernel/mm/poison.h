/*
 * poison.h: poisoned free memory, in checking kernels only (KITE_KCHECKS).
 *
 * A page on the page allocator's free lists, and a free kmalloc object,
 * is filled with POISON_WORD past its first word (the free list's link).
 * An allocation checks that the fill is intact: memory written after it
 * was freed panics there, naming the allocator's caller.  A write that
 * happens to store the pattern itself goes unseen.
 */
#ifndef KITE_MM_POISON_H
#define KITE_MM_POISON_H

#ifdef KITE_KCHECKS
#include "../abi/types.h"

#define POISON_WORD 0x6b6b6b6b6b6b6b6bUL
#define POISON_SKIP sizeof(void *) /* the free list's link comes first */

/* Fill n bytes (a multiple of 8) at p with the pattern. */
static inline void poison_fill(void *p, uint64 n)
{
	uint64 *w = p;
	for (uint64 i = 0; i < n / sizeof(*w); i++)
		w[i] = POISON_WORD;
}

/* The offset of the first word of the n bytes at p that is not the
 * pattern, or -1 if all are. */
static inline int64 poison_find_change(const void *p, uint64 n)
{
	const uint64 *w = p;
	for (uint64 i = 0; i < n / sizeof(*w); i++)
		if (w[i] != POISON_WORD)
			return (int64)(i * sizeof(*w));
	return -1;
}
#endif

#endif
