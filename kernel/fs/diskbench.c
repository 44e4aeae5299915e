/*
 * diskbench.c: the device-limit loop behind diskbench() (kernel/diskbench.h).
 *
 * The same bytes a bench test moves through the file system, moved here
 * with nothing in between: requests of virtio_blk_max_segs() blocks,
 * DEPTH of them in flight, from one scratch area (its contents do not
 * matter).  Writes go over the log's slots, borrowed from the log while
 * no operation runs (log_with_slots), so no file-system block changes;
 * reads come from the same slots (blocks the host has written, like the
 * file's).  The gap between a file test and this loop is the file
 * system's own cost.
 */
#include "fs/diskbench.h"
#include "fs/bcache.h"
#include "fs/log.h"
#include "fs/fs.h"
#include "dev/virtio_blk.h"
#include "mm/page.h"
#include "lib/addr.h"
#include "lib/errno.h"
#include "../abi/diskbench.h"

#define DEPTH 4 /* requests in flight at once */
#define SCRATCH_PAGES (VBLK_MAX_SEGS * BSIZE / PGSIZE)
#define KIB_PER_BLOCK (BSIZE / 1024)

struct loop {
	uint64 nblocks; /* to move */
	int write;
	uchar *seg[VBLK_MAX_SEGS];
};

/* Move l->nblocks blocks over slots [first, first + n); the log is ours. */
static int run(uint first, uint n, void *arg)
{
	struct loop *l = arg;
	int per = virtio_blk_max_segs();
	if ((uint)per > n)
		per = (int)n;
	struct vblk_req req[DEPTH];
	uint64 done = 0, at = 0;
	int err = 0, busy = 0;
	for (uint64 i = 0; done < l->nblocks || busy; i++) {
		struct vblk_req *r = &req[i % DEPTH];
		if (i >= DEPTH) { /* the oldest first */
			if (virtio_blk_wait(r) != 0)
				err = -E_IO;
			busy--;
		}
		if (done >= l->nblocks)
			continue;
		uint64 k = l->nblocks - done < (uint64)per ? l->nblocks - done : (uint64)per;
		if (at + k > n)
			at = 0;
		*r = (struct vblk_req){
		    .blockno = first + (uint)at, .seg = l->seg, .nseg = (int)k, .write = l->write};
		virtio_blk_submit(r);
		busy++;
		done += k;
		at += k;
	}
	if (!err && l->write)
		err = bflush(fs_dev);
	return err;
}

int diskbench_io(int write, uint64 kib)
{
	if (kib == 0 || kib > DISKBENCH_MAX_KIB)
		return -E_INVAL;
	paddr_t pages[SCRATCH_PAGES];
	struct loop l = {.nblocks = kib / KIB_PER_BLOCK, .write = write};
	int err = 0, np = 0;
	for (; np < SCRATCH_PAGES; np++)
		if (!(pages[np] = page_alloc_zeroed())) {
			err = -E_NOMEM;
			break;
		}
	if (!err) {
		for (int i = 0; i < VBLK_MAX_SEGS; i++)
			l.seg[i] =
			    (uchar *)pa2kva(pages[i * BSIZE / PGSIZE]) + (i * BSIZE) % PGSIZE;
		err = log_with_slots(run, &l);
	}
	for (int i = 0; i < np; i++)
		page_free(pages[i]);
	return err;
}
