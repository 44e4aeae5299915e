/*
 * virtio_blk.h: the virtio block device driver (modern virtio-mmio).
 *
 * A caller fills a struct vblk_req (first block number in BSIZE units,
 * the data, direction), submits it and waits for it.  One request moves
 * one block (`data`) or a run of up to VBLK_MAX_SEGS consecutive blocks
 * (`seg`: one BSIZE buffer per block, anywhere in memory).  Many requests
 * may be in flight at once, from one caller or many; each waiter sleeps
 * until its own request completes.  Completion is by interrupt.  A
 * request with a `complete` function has no waiter instead: the
 * interrupt handler calls the function (read-ahead, fs/bcache.c).
 */
#ifndef KITE_DEV_VIRTIO_BLK_H
#define KITE_DEV_VIRTIO_BLK_H

#include "../abi/types.h"

/* Most blocks in one request (one descriptor each, plus header and status). */
#define VBLK_MAX_SEGS 64

struct vblk_req {
	/* Filled by the caller before virtio_blk_submit. */
	uint blockno;      /* in BSIZE blocks: the first of the run */
	void *data;        /* seg == 0: BSIZE bytes in the direct map (not the KHEAP) */
	uchar *const *seg; /* else: nseg buffers of BSIZE bytes for blocks blockno.. */
	int nseg;          /* 1..virtio_blk_max_segs(); read only when seg != 0 */
	int write;         /* 1: data -> disk, 0: disk -> data */
	/*
	 * 0: the caller waits (virtio_blk_wait).  Else called once the
	 * request is done, from the interrupt handler with no lock held
	 * (so it may take spinlocks and wake processes, never sleep); the
	 * driver does not touch r after calling it, and nobody may wait.
	 */
	void (*complete)(struct vblk_req *r);
	/* The driver's, guarded by its lock until `done`. */
	int done;
	int status;                 /* 0 or -E_IO, valid once done */
	struct vblk_req *done_next; /* the handler's list of requests to complete */
};

/*
 * Find the first virtio-mmio slot holding a block device and set it up
 * (features, queue, interrupt).  Idempotent; 0, or -E_IO if there is no
 * usable disk (one console line says why).
 */
int virtio_blk_init(void);
/* Disk size in BSIZE blocks (0 before a successful init). */
uint64 virtio_blk_nblocks(void);

/*
 * Most blocks one request may carry: VBLK_MAX_SEGS, or less if the
 * device's seg_max says so.
 */
int virtio_blk_max_segs(void);
/*
 * Queue r (sleeps while the descriptor ring is full).  r->seg is read
 * here only: the array may be reused once this returns, its buffers not
 * until the request completes.  Process context.
 */
void virtio_blk_submit(struct vblk_req *r);
/* Sleep until r completes; 0 or -E_IO (and one console line on error). */
int virtio_blk_wait(struct vblk_req *r);
/* submit + wait. */
int virtio_blk_rw(struct vblk_req *r);
/*
 * Make every write that has completed so far durable (VIRTIO_BLK_T_FLUSH);
 * sleeps until the device says so.  0 at once on a write-through device.
 * 0 or -E_IO.  Process context.
 */
int virtio_blk_flush(void);
/* 1 if the device caches writes (VIRTIO_BLK_F_FLUSH negotiated). */
int virtio_blk_has_cache(void);

/* Counters since boot, for kstats. */
struct vblk_stats {
	uint64 reads;        /* blocks read */
	uint64 writes;       /* blocks written */
	uint64 read_reqs;    /* read requests (a run of blocks is one) */
	uint64 write_reqs;   /* write requests */
	uint64 max_inflight; /* most requests queued at the device at once */
	uint64 errors;       /* requests that completed with a bad status */
	uint64 flushes;      /* flush requests sent to the device */
};
void virtio_blk_stats(struct vblk_stats *out);

/*
 * Test hooks.  virtio_blk_fail_after(skip, n, writes_only): let the next
 * `skip` requests (or writes) through, then send the n after them to a
 * sector past the end of the disk, so that the device itself fails them.
 * virtio_blk_quiet: suppress the error line.
 */
void virtio_blk_fail_after(int skip, int n, int writes_only);
extern int virtio_blk_quiet;

#endif
