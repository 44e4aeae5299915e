/*
 * page.h: the physical page allocator.
 *
 * Manages every 4 KiB page of RAM that the device tree reports, minus the
 * kernel image, the device tree blob and reserved regions.  Each page has a
 * reference count: page_alloc() returns a page with count 1, page_ref()
 * adds a holder (copy-on-write sharing), page_free() drops one and returns
 * the page to the free lists when the last holder lets go.
 */
#ifndef KITE_MM_PAGE_H
#define KITE_MM_PAGE_H

#include "../abi/types.h"
#include "lib/addr.h"
#include "riscv.h"

void page_init(void);
/* A page with reference count 1 and undefined contents, or 0 if none is free. */
paddr_t page_alloc(void);
/* The same, zero-filled. */
paddr_t page_alloc_zeroed(void);
/* One more holder of an allocated page. */
void page_ref(paddr_t pa);
/* One holder fewer; frees the page when none remain. */
void page_free(paddr_t pa);
/* Current number of holders (0 for a free page). */
uint32 page_refcount(paddr_t pa);
/* Is pa a page the allocator manages? */
int page_managed(paddr_t pa);
/*
 * When the free lists and the superpage reserve are empty, page_alloc asks
 * the reclaimer (the page cache, fs/pagecache.h) to free up to want pages
 * it can drop without I/O, and tries once more.  page_free_count counts
 * the cache's pages (cached() of them) as free, as Linux's "available"
 * does: a program's text page is the cache's, and a process that first
 * runs a part of its code has not used up memory.  A cached page that a
 * process maps is freed only after it unmaps it.  Both may be called
 * wherever page_alloc is (spin locks held): they must not sleep nor
 * allocate.  Set once at boot.
 */
void page_set_reclaim(uint64 (*reclaim)(uint64 want), uint64 (*cached)(void));

/*
 * Fork and exit change the counts of thousands of pages in a row; these
 * inline versions skip the call and the range check for pages that the
 * caller got from a valid PTE (so they are managed and in use).
 */
extern uint32 *page_refcnt_array;
extern paddr_t page_mem_lo;
static inline void page_ref_mapped(paddr_t pa)
{
	__atomic_fetch_add(&page_refcnt_array[(pa - page_mem_lo) >> PGSHIFT], 1, __ATOMIC_RELAXED);
}
static inline void page_free_mapped(paddr_t pa)
{
	/* Not the last holder: just drop the count; otherwise the full path. */
	uint32 *c = &page_refcnt_array[(pa - page_mem_lo) >> PGSHIFT];
	uint32 n = __atomic_load_n(c, __ATOMIC_RELAXED);
	while (n > 1) {
		if (__atomic_compare_exchange_n(c, &n, n - 1, 0, __ATOMIC_ACQ_REL,
		                                __ATOMIC_RELAXED))
			return;
	}
	page_free(pa);
}

/*
 * Superpages: page_init sets aside a reserve of 2 MiB-aligned blocks
 * (SUPERPG_RESERVE_SHIFT: 1/16 of RAM, at most SUPERPG_MAX blocks) for
 * user superpages.  A block's reference count is its first page's.
 * superpg_free returns the block to the reserve when the last holder lets
 * go (a split copies the data out and frees it).  When the 4 KiB pages run
 * out, page_alloc breaks a reserve block into the pool, so no memory is
 * kept from 4 KiB users; page_free_count counts the reserve's pages too.
 */
#define SUPERPG_RESERVE_SHIFT 4
#define SUPERPG_MAX 64
#define SUPERPG_PAGES (MEGAPAGE_SIZE / PGSIZE)
/* A block from the reserve with count 1 and undefined contents, or 0. */
paddr_t superpg_alloc(void);
void superpg_free(paddr_t pa);
uint64 superpg_free_count(void); /* blocks in the reserve now */

uint64 page_free_count(void);  /* free pages now, and the page cache's */
uint64 page_total_count(void); /* pages the allocator manages */
uint64 mem_total_bytes(void);  /* RAM reported by the device tree */

#endif
