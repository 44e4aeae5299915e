/*
 * test_poison.c: poisoned free memory in checking kernels (mm/poison.h).
 * Freed pages and kmalloc objects hold the pattern; the manual tests free
 * twice or write after free on purpose, and the checks panic naming the
 * caller (grade tests panic_page_double_free, panic_kfree_double,
 * panic_page_write_after_free, panic_kmalloc_write_after_free).
 */
#include "test/ktest.h"
#include "mm/page.h"
#include "mm/kmalloc.h"
#include "mm/poison.h"
#include "sync/spinlock.h"
#include "lib/printf.h"
#include "riscv.h"

#define UAF_SIZE 128   /* the kmalloc class the write-after-free test uses */
#define UAF_OFFSET 40  /* the byte it writes after the free */
#define UAF_TRIES 4096 /* allocations before the freed object must come back */

/* A freed page, and a freed object, hold the pattern past the first word. */
KTEST(poison_freed_memory)
{
	push_off(); /* the page stays in this hart's cache */
	paddr_t pa = page_alloc();
	KT_CHECK(pa);
	page_free(pa);
	int64 page_change =
	    poison_find_change((char *)pa2kva(pa) + POISON_SKIP, PGSIZE - POISON_SKIP);
	pop_off();
	KT_CHECK(page_change == -1);
	char *keep = kmalloc(UAF_SIZE); /* keeps the slab alive */
	char *p = kmalloc(UAF_SIZE);
	KT_CHECK(keep && p);
	kfree(p);
	KT_CHECK(poison_find_change(p + POISON_SKIP, UAF_SIZE - POISON_SKIP) == -1);
	kfree(keep);
}

KTEST_MANUAL(page_double_free)
{
	paddr_t pa = page_alloc();
	KT_CHECK(pa);
	page_free(pa);
	page_free(pa);
}

KTEST_MANUAL(kfree_double)
{
	char *keep =
	    kmalloc(UAF_SIZE); /* the slab is not empty: only the free-list check sees it */
	char *p = kmalloc(UAF_SIZE);
	KT_CHECK(keep && p);
	kfree(p);
	kfree(p);
}

KTEST_MANUAL(page_write_after_free)
{
	push_off(); /* the page stays at the head of this hart's cache */
	paddr_t pa = page_alloc();
	KT_CHECK(pa);
	page_free(pa);
	((volatile char *)pa2kva(pa))[UAF_OFFSET] = 1;
	page_alloc();
	pop_off();
}

KTEST_MANUAL(kmalloc_write_after_free)
{
	static char *held[UAF_TRIES];
	char *p = kmalloc(UAF_SIZE), *keep = kmalloc(UAF_SIZE);
	KT_CHECK(p && keep);
	/* keep holds p's slab (else the slab's page goes back and the page check finds it). */
	KT_CHECK(PGROUNDDOWN((uint64)p) == PGROUNDDOWN((uint64)keep));
	kfree(p);
	((volatile char *)p)[UAF_OFFSET] = 1;
	/* The class hands p out again sooner or later: the check panics there. */
	for (int i = 0; i < UAF_TRIES; i++) {
		held[i] = kmalloc(UAF_SIZE);
		KT_CHECK(held[i] && held[i] != p);
	}
}
