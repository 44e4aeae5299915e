/*
 * kmalloc.h: the kernel heap, for objects from a few bytes to KMALLOC_MAX.
 *
 * Small objects (up to KMALLOC_SMALL_MAX) come from slab pages of
 * power-of-two size classes; larger ones get whole pages, mapped virtually
 * contiguous in the KHEAP region.  kmalloc() returns 16-byte aligned
 * memory or 0; kfree(0) does nothing.
 */
#ifndef KITE_MM_KMALLOC_H
#define KITE_MM_KMALLOC_H

#include "../abi/types.h"

#define KMALLOC_SMALL_MAX 2048
#define KMALLOC_MAX (64 * 1024)

void kmalloc_init(void);
void *kmalloc(uint64 size);
void *kzalloc(uint64 size); /* zero-filled */
void kfree(void *p);
/* Pages currently held by the heap (slabs and large objects), for leak tests. */
uint64 kmalloc_pages_in_use(void);

#endif
