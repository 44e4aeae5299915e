/* test_page.c: the physical page allocator and its reference counts. */
#include "test/ktest.h"
#include "mm/page.h"
#include "lib/string.h"
#include "riscv.h"

/* Allocate every free page, check each is distinct and counted, free them all. */
KTEST(page_all)
{
	uint64 before = page_free_count();
	KT_CHECK(before > 0 && before <= page_total_count());
	/* Chain the pages through their first word: no other memory needed. */
	paddr_t head = 0;
	uint64 n = 0;
	for (paddr_t pa; (pa = page_alloc()) != 0; n++) {
		KT_CHECK((pa & (PGSIZE - 1)) == 0);
		KT_CHECK(page_refcount(pa) == 1);
		*(paddr_t *)pa2kva(pa) = head;
		head = pa;
	}
	KT_CHECK(page_free_count() == 0);
	KT_CHECK(n >= before - 1 && n <= before + 1);
	while (head) {
		paddr_t next = *(paddr_t *)pa2kva(head);
		page_free(head);
		head = next;
	}
	KT_CHECK(page_free_count() == before);
}

KTEST(page_refcount)
{
	uint64 before = page_free_count();
	paddr_t pa = page_alloc_zeroed();
	KT_CHECK(pa != 0);
	KT_CHECK(*(uint64 *)pa2kva(pa) == 0);
	KT_CHECK(page_refcount(pa) == 1);
	page_ref(pa);
	page_ref(pa);
	KT_CHECK(page_refcount(pa) == 3);
	page_free(pa);
	page_free(pa);
	KT_CHECK(page_refcount(pa) == 1);
	KT_CHECK(page_free_count() == before - 1);
	page_free(pa);
	KT_CHECK(page_refcount(pa) == 0);
	KT_CHECK(page_free_count() == before);
	KT_CHECK(!page_managed(0x1000));
}
