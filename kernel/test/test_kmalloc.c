/* test_kmalloc.c: the kernel heap. */
#include "test/ktest.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "lib/string.h"

#define MILLION 1000000
#define BATCH 512

/* A million small objects, allocated and freed in batches: no growth, no leak. */
KTEST(kmalloc_million)
{
	/* Other subsystems' objects (the buffer cache's) stay: count from here. */
	uint64 used0 = kmalloc_pages_in_use();
	uint64 free0 = page_free_count();
	static void *objs[BATCH];
	for (int done = 0; done < MILLION; done += BATCH) {
		for (int i = 0; i < BATCH; i++) {
			objs[i] = kmalloc(8 + (i % 5) * 8);
			KT_CHECK(objs[i] != 0);
			KT_CHECK(((uint64)objs[i] & 15) == 0);
			*(uint64 *)objs[i] = done + i;
		}
		for (int i = 0; i < BATCH; i++) {
			KT_CHECK(*(uint64 *)objs[i] == (uint64)(done + i));
			kfree(objs[i]);
		}
	}
	KT_CHECK(kmalloc_pages_in_use() == used0);
	KT_CHECK(page_free_count() == free0);
}

/* Mixed sizes from 1 byte to several pages, interleaved, with contents checked. */
static const uint64 sizes[] = {1,    7,    16,   17,   100,   500,   1024,       2000,
                               2048, 2049, 4096, 5000, 12288, 40000, KMALLOC_MAX};
enum { NSIZES = sizeof(sizes) / sizeof(sizes[0]), ROUNDS = 20 };
static uint8 *objs_mixed[NSIZES * ROUNDS];

static int mixed_round(void)
{
	for (int r = 0; r < ROUNDS; r++)
		for (int i = 0; i < NSIZES; i++) {
			uint8 *q = kmalloc(sizes[i]);
			if (!q)
				return 0;
			memset(q, (r * NSIZES + i) & 0xff, sizes[i]);
			objs_mixed[r * NSIZES + i] = q;
		}
	int ok = 1;
	for (int k = 0; k < NSIZES * ROUNDS; k++) {
		uint64 sz = sizes[k % NSIZES];
		if (objs_mixed[k][0] != (k & 0xff) || objs_mixed[k][sz - 1] != (k & 0xff))
			ok = 0;
		kfree(objs_mixed[k]);
	}
	return ok;
}

KTEST(kmalloc_mixed)
{
	/* The first round may create page-table pages for the large-object
	 * region; those stay, as part of the kernel map.  Measure after it. */
	KT_CHECK(mixed_round());
	uint64 used0 = kmalloc_pages_in_use();
	uint64 free0 = page_free_count();
	KT_CHECK(mixed_round());
	KT_CHECK(kmalloc(0) == 0);
	KT_CHECK(kmalloc(KMALLOC_MAX + 1) == 0);
	kfree(0);
	KT_CHECK(kmalloc_pages_in_use() == used0);
	KT_CHECK(page_free_count() == free0);
}
