/*
 * bcache.h: the disk block cache.
 *
 * A share of RAM in buffers (at least NBUF; bcache_nbuf()), each holding
 * one BSIZE block.  A buffer returned by bread
 * or bnew is locked (its sleep lock) and referenced; the caller may read
 * and change b->data, write it with bwrite (or hand it to the log) and
 * must give it back with brelse.  Only one process at a time holds a
 * given block's buffer, so the cache is also the per-block lock.
 *
 * Lock order among buffers: a caller that holds several buffer locks at
 * once (bread_many, the log's commit) takes them in ascending block
 * order, so two such callers cannot wait for each other.
 *
 * The "many" calls send a run of consecutive blocks as one disk request
 * (up to virtio_blk_max_segs() blocks), every request in flight at once.
 * A buffer being read ahead (bprefetch) is referenced by its request and
 * unlocked; whoever locks it then waits for the read before using it.
 */
#ifndef KITE_FS_BCACHE_H
#define KITE_FS_BCACHE_H

#include "../abi/types.h"
#include "fs.h"
#include "sync/sleeplock.h"
#include "dev/virtio_blk.h"

struct buf {
	/* Guarded by the lock of the hash bucket the buffer is in. */
	uint dev;
	uint blockno;
	int refcnt;       /* holders + log pins; 0 = may be reused */
	struct buf *next; /* in its bucket's list */
	int bucket;       /* index of that bucket (changed under evict_lock too) */
	/* Guarded by the cache's lru_lock: the list of buffers with refcnt 0. */
	struct buf *lru_prev, *lru_next;
	int on_lru;

	struct sleeplock lock;
	/* Guarded by `lock`, and while `reading` by the read-ahead instead. */
	int valid;           /* data holds the block's contents */
	struct vblk_req req; /* the disk request while I/O is in progress */
	uchar *data;         /* BSIZE bytes in the direct map (set at init) */
	/* A read-ahead in flight (bprefetch): set by the prefetcher under
	 * `lock`, cleared under the cache's io_lock when the read is done. */
	int reading;
	struct buf *run_next; /* the next buffer of the same read-ahead request */
};

void bcache_init(void);
/* Buffers in the cache. */
int bcache_nbuf(void);
/* The block's buffer, locked, with its contents; 0 on an I/O error. */
struct buf *bread(uint dev, uint blockno);
/*
 * Several blocks at once, their reads all in flight together (a run of
 * consecutive missing blocks is one request): out[i] is blocknos[i]'s
 * locked buffer.  0, -E_IO (nothing held), or -E_INVAL for a repeated
 * block number.  n <= BREAD_MANY_MAX.
 */
#define BREAD_MANY_MAX 16
int bread_many(uint dev, const uint *blocknos, int n, struct buf **out);
/*
 * Read-ahead: start reading the blocks blocknos[0..n) into the cache (in
 * runs of consecutive blocks, one request each) and return without
 * waiting: a later bread of such a block waits for its request only.
 * Blocks already cached or being read are skipped, and so is the rest
 * when no buffer is free (read-ahead never waits for one).  blocknos[]
 * is sorted in place; duplicates and 0s (holes) are skipped.  Errors are
 * not reported: a later bread retries.  No buffer locks held by the
 * caller.  n <= BPREFETCH_MAX.
 */
#define BPREFETCH_MAX VBLK_MAX_SEGS
void bprefetch(uint dev, uint *blocknos, int n);
/* The block's buffer, locked and zero-filled, without reading the disk. */
struct buf *bnew(uint dev, uint blockno);
/* Write a locked buffer to disk now; 0 or -E_IO. */
int bwrite(struct buf *b);
/*
 * Write n locked buffers, all in flight together; neighbours in bs[] with
 * consecutive block numbers share a request (so sort bs[] by block for
 * the fewest).  0 or -E_IO.
 */
int bwrite_many(struct buf **bs, int n);
/*
 * Write the contents of n locked buffers to blocks start, start + 1, ...
 * (not their own blocks: the log's copies), in runs; the buffers keep
 * their identity.  A cached copy of a target block goes stale: such
 * blocks must be read only after bforget.  0 or -E_IO.
 */
int bwrite_at(struct buf **bs, int n, uint start);
/*
 * Start writing pinned buffers bs[0..n) to their own blocks and return
 * without waiting: the log's installs (fs/log.c), which the caller does
 * not lock.  Runs of consecutive blocks share a request, carried in the
 * caller's reqs[] (room for n); returns how many requests were sent, for
 * bwrite_wait.  The buffers stay pinned until then; their data may change
 * meanwhile (the disk gets some mix of the versions: see log.c).
 */
int bwrite_start(struct buf **bs, int n, struct vblk_req *reqs);
/* Wait for the k requests of a bwrite_start; 0 or -E_IO. */
int bwrite_wait(struct vblk_req *reqs, int k);
/*
 * Forget every cached block of dev that no one holds (every such block is
 * clean: changed blocks stay pinned until installed); returns how many.
 */
int bdrop_clean(uint dev);
/* Drop the cached contents of (dev, blockno) if no one holds its buffer. */
void bforget(uint dev, uint blockno);
/*
 * Write barrier: every write that has completed (bwrite returned) is
 * durable when this returns 0, on a disk with a volatile write cache too.
 * -E_IO if the device failed the flush.
 */
int bflush(uint dev);
/* Unlock and unreference. */
void brelse(struct buf *b);
/* Keep b in the cache while the log holds it (an extra reference). */
void bpin(struct buf *b);
void bunpin(struct buf *b);
/* b is pinned, not locked by the caller: forget its contents, then unpin. */
void bdiscard_pinned(struct buf *b);

#endif
