/*
 * test_virtio.c: the virtio block driver on its own (below the buffer
 * cache): a single read, many reads in flight at once, a write that reads
 * back, and device-reported errors.
 */
#include "test/ktest.h"
#include "dev/virtio_blk.h"
#include "mm/page.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "../abi/fs.h"
#include "riscv.h"

#define NPARALLEL 16 /* requests queued at once: more than fit in 1 page of buffers */
#define SB_BLOCK 1

/* Block 1 is the superblock mkfs wrote. */
KTEST(virtio_read_superblock)
{
	KT_CHECK(virtio_blk_init() == 0);
	KT_CHECK(virtio_blk_nblocks() > NPARALLEL);
	paddr_t pa = page_alloc_zeroed();
	KT_CHECK(pa);
	struct vblk_req r = {.blockno = SB_BLOCK, .data = pa2kva(pa), .write = 0};
	int err = virtio_blk_rw(&r);
	struct superblock *sb = pa2kva(pa);
	int ok = err == 0 && sb->magic == FSMAGIC && sb->version == FSVERSION;
	page_free(pa);
	KT_CHECK(ok);
}

/* Many requests queued from one caller before waiting for any. */
KTEST(virtio_parallel)
{
	KT_CHECK(virtio_blk_init() == 0);
	static struct vblk_req reqs[NPARALLEL];
	paddr_t pages[NPARALLEL * BSIZE / PGSIZE];
	for (uint i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
		pages[i] = 0;
	int ok = 1;
	for (uint i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
		if (!(pages[i] = page_alloc()))
			ok = 0;
	if (ok) {
		struct vblk_stats before, after;
		virtio_blk_stats(&before);
		for (int i = 0; i < NPARALLEL; i++) {
			reqs[i] =
			    (struct vblk_req){.blockno = (uint)i,
			                      .data = (char *)pa2kva(pages[i * BSIZE / PGSIZE]) +
			                              (i * BSIZE) % PGSIZE,
			                      .write = 0};
			virtio_blk_submit(&reqs[i]);
		}
		for (int i = 0; i < NPARALLEL; i++)
			if (virtio_blk_wait(&reqs[i]) != 0)
				ok = 0;
		virtio_blk_stats(&after);
		ok = ok && after.reads == before.reads + NPARALLEL && after.max_inflight > 1;
		ok = ok && ((struct superblock *)reqs[SB_BLOCK].data)->magic == FSMAGIC;
	}
	for (uint i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
		if (pages[i])
			page_free(pages[i]);
	KT_CHECK(ok);
}

/* Write the last block of the disk, read it back, and restore it. */
KTEST(virtio_write_readback)
{
	KT_CHECK(virtio_blk_init() == 0);
	paddr_t pa = page_alloc_zeroed();
	KT_CHECK(pa);
	char *save = pa2kva(pa), *buf = save + BSIZE, *back = save + 2 * BSIZE;
	uint last = (uint)virtio_blk_nblocks() - 1;
	struct vblk_req r = {.blockno = last, .data = save, .write = 0};
	int ok = virtio_blk_rw(&r) == 0;
	for (int i = 0; i < BSIZE; i++)
		buf[i] = (char)(i * 7 + 3);
	r = (struct vblk_req){.blockno = last, .data = buf, .write = 1};
	ok = ok && virtio_blk_rw(&r) == 0;
	r = (struct vblk_req){.blockno = last, .data = back, .write = 0};
	ok = ok && virtio_blk_rw(&r) == 0 && memcmp(buf, back, BSIZE) == 0;
	r = (struct vblk_req){.blockno = last, .data = save, .write = 1};
	ok = ok && virtio_blk_rw(&r) == 0;
	page_free(pa);
	KT_CHECK(ok);
}

/* Past the end of the disk, and an injected failure: -E_IO, no panic. */
KTEST(virtio_errors)
{
	KT_CHECK(virtio_blk_init() == 0);
	paddr_t pa = page_alloc_zeroed();
	KT_CHECK(pa);
	struct vblk_stats before, after;
	virtio_blk_stats(&before);
	virtio_blk_quiet = 1;
	struct vblk_req r = {.blockno = (uint)virtio_blk_nblocks(), .data = pa2kva(pa), .write = 0};
	int e1 = virtio_blk_rw(&r);
	virtio_blk_fail_after(0, 1, 0);
	r = (struct vblk_req){.blockno = SB_BLOCK, .data = pa2kva(pa), .write = 0};
	int e2 = virtio_blk_rw(&r);
	int e3 = virtio_blk_rw(&r); /* the injection was used up */
	virtio_blk_quiet = 0;
	virtio_blk_stats(&after);
	page_free(pa);
	KT_CHECK(e1 == -E_IO && e2 == -E_IO && e3 == 0);
	KT_CHECK(after.errors == before.errors + 2);
}

#define MULTI_BLOCKS 8 /* blocks in one multi-segment request */

/*
 * One request for a run of blocks whose buffers are scattered (and out
 * of order) in memory: written as one request, read back block by block,
 * then restored.  The counters say one request moved MULTI_BLOCKS blocks.
 */
KTEST(virtio_multi_segment)
{
	KT_CHECK(virtio_blk_init() == 0);
	KT_CHECK(virtio_blk_max_segs() >= MULTI_BLOCKS);
	paddr_t pa[3] = {page_alloc_zeroed(), page_alloc_zeroed(), page_alloc_zeroed()};
	int ok = pa[0] && pa[1] && pa[2];
	uchar *save[MULTI_BLOCKS], *data[MULTI_BLOCKS];
	uint first = (uint)virtio_blk_nblocks() - MULTI_BLOCKS;
	if (ok) {
		for (int i = 0; i < MULTI_BLOCKS; i++) {
			/* Page 0 holds the saved blocks; pages 1 and 2 the new data, backwards. */
			save[i] = (uchar *)pa2kva(pa[0]) + (i % 4) * BSIZE;
			data[i] = (uchar *)pa2kva(pa[1 + i / 4]) + (3 - i % 4) * BSIZE;
			for (int j = 0; j < BSIZE; j++)
				data[i][j] = (uchar)(i * 31 + j);
		}
		struct vblk_stats s0, s1;
		virtio_blk_stats(&s0);
		struct vblk_req r = {
		    .blockno = first, .seg = data, .nseg = MULTI_BLOCKS, .write = 1};
		ok = virtio_blk_rw(&r) == 0;
		virtio_blk_stats(&s1);
		ok = ok && s1.write_reqs == s0.write_reqs + 1 &&
		     s1.writes == s0.writes + MULTI_BLOCKS;
		for (int i = 0; i < MULTI_BLOCKS && ok; i++) {
			/* Block by block into the first 4 save slots, compared at once. */
			struct vblk_req b = {
			    .blockno = first + (uint)i, .data = save[i % 4], .write = 0};
			ok = virtio_blk_rw(&b) == 0 && memcmp(save[i % 4], data[i], BSIZE) == 0;
		}
		/* Zeros back (the last blocks of a fresh image are unused). */
		for (int i = 0; i < MULTI_BLOCKS; i++)
			memset(data[i], 0, BSIZE);
		r = (struct vblk_req){
		    .blockno = first, .seg = data, .nseg = MULTI_BLOCKS, .write = 1};
		ok = ok && virtio_blk_rw(&r) == 0;
	}
	for (int i = 0; i < 3; i++)
		if (pa[i])
			page_free(pa[i]);
	KT_CHECK(ok);
}

/* A failing multi-block request fails as a whole: -E_IO, one error. */
KTEST(virtio_multi_segment_error)
{
	KT_CHECK(virtio_blk_init() == 0);
	paddr_t pa = page_alloc_zeroed();
	KT_CHECK(pa);
	uchar *seg[4];
	for (int i = 0; i < 4; i++)
		seg[i] = (uchar *)pa2kva(pa) + i * BSIZE;
	struct vblk_stats before, after;
	virtio_blk_stats(&before);
	virtio_blk_quiet = 1;
	/* The run crosses the end of the disk. */
	struct vblk_req r = {.blockno = (uint)virtio_blk_nblocks() - 2, .seg = seg, .nseg = 4};
	int e = virtio_blk_rw(&r);
	virtio_blk_quiet = 0;
	virtio_blk_stats(&after);
	page_free(pa);
	KT_CHECK(e == -E_IO && after.errors == before.errors + 1);
}
