/*
 * bcache.c: the disk block cache.
 *
 * Lookup: a buffer that holds (dev, blockno) is in hash bucket
 * hash(dev, blockno); each bucket has its own spinlock, so hits on
 * different blocks do not contend.  Buffers that hold nothing yet
 * (dev == NODEV) may sit in any bucket.
 *
 * Reuse: when the block is not cached, the least recently released buffer
 * with refcnt 0 is taken (LRU by `lastuse`, a global release clock).  The
 * miss path runs under `evict_lock`, so at most one process at a time
 * moves buffers between buckets; only that process ever holds two bucket
 * locks at once, which makes any order among bucket locks safe.  If every
 * buffer is in use the miss path sleeps until one is released.
 *
 * Locking:
 *   bucket[i].lock  guards the list of bucket i and, for buffers in it,
 *                   dev, blockno, refcnt, lastuse, next, bucket;
 *   evict_lock      serialises moving a buffer between buckets; guards
 *                   `waiters`;
 *   b->lock         (sleep lock) guards valid, req and data.
 * Lock order: evict_lock, then bucket locks; sleep locks are never taken
 * while holding a spinlock.
 */
#include "fs/bcache.h"
#include "param.h"
#include "proc/sched.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"

#define NBUCKET 61  /* a prime, so consecutive blocks spread out */
#define NODEV 0     /* a buffer that holds no block yet */

struct bucket {
	struct spinlock lock; /* guards this bucket's chain and its buffers' refcnt/dev/blockno */
	struct buf *head;
};

static struct {
	struct spinlock evict_lock; /* one miss at a time picks a victim; guards waiters */
	int waiters;          /* misses sleeping for a free buffer */
	uint64 clock;         /* release clock for LRU (atomic) */
	struct bucket bucket[NBUCKET];
	struct buf buf[NBUF];
} bcache;

static int hash(uint dev, uint blockno)
{
	return (int)((dev * 31u + blockno) % NBUCKET);
}

void bcache_init(void)
{
	spin_init(&bcache.evict_lock, "bcache evict");
	for (int i = 0; i < NBUCKET; i++)
		spin_init(&bcache.bucket[i].lock, "bcache bucket");
	for (int i = 0; i < NBUF; i++) {
		struct buf *b = &bcache.buf[i];
		sleep_init(&b->lock, "buffer");
		b->dev = NODEV;
		b->bucket = i % NBUCKET;
		b->next = bcache.bucket[b->bucket].head;
		bcache.bucket[b->bucket].head = b;
	}
}

/* The buffer for (dev, blockno) in bucket h, or 0; bucket h locked. */
static struct buf *find(int h, uint dev, uint blockno)
{
	for (struct buf *b = bcache.bucket[h].head; b; b = b->next)
		if (b->dev == dev && b->blockno == blockno)
			return b;
	return 0;
}

static void unlink_from(struct bucket *bk, struct buf *b)
{
	struct buf **pp = &bk->head;
	while (*pp != b)
		pp = &(*pp)->next;
	*pp = b->next;
}

/*
 * The least recently used free buffer, or 0 if none; evict_lock and
 * bucket `held` locked.  Returns with the victim's bucket locked too (when
 * it is not `held`) and the victim's refcnt verified 0.
 */
static struct buf *pick_victim(int held)
{
	KASSERT(holding(&bcache.evict_lock));
	for (;;) {
		struct buf *best = 0;
		for (int i = 0; i < NBUCKET; i++) {
			if (i != held)
				acquire(&bcache.bucket[i].lock);
			for (struct buf *b = bcache.bucket[i].head; b; b = b->next)
				if (b->refcnt == 0 && (!best || b->lastuse < best->lastuse))
					best = b;
			if (i != held)
				release(&bcache.bucket[i].lock);
		}
		if (!best)
			return 0;
		/* Only evict_lock holders move buffers, so best->bucket is stable. */
		int vb = best->bucket;
		if (vb != held)
			acquire(&bcache.bucket[vb].lock);
		if (best->refcnt == 0)
			return best;
		if (vb != held)
			release(&bcache.bucket[vb].lock);
	}
}

/* A referenced, locked buffer for the block; contents valid or not. */
static struct buf *bget(uint dev, uint blockno)
{
	int h = hash(dev, blockno);
	struct bucket *bk = &bcache.bucket[h];
	acquire(&bk->lock);
	struct buf *b = find(h, dev, blockno);
	if (b) {
		b->refcnt++;
		release(&bk->lock);
		acquire_sleep(&b->lock);
		return b;
	}
	release(&bk->lock);

	acquire(&bcache.evict_lock);
	for (;;) {
		acquire(&bk->lock);
		b = find(h, dev, blockno); /* another miss may have brought it in */
		if (b) {
			b->refcnt++;
			break;
		}
		b = pick_victim(h);
		if (b) {
			int vb = b->bucket;
			unlink_from(&bcache.bucket[vb], b);
			if (vb != h)
				release(&bcache.bucket[vb].lock);
			b->dev = dev;
			b->blockno = blockno;
			b->refcnt = 1;
			b->bucket = h;
			b->next = bk->head;
			bk->head = b;
			b->valid = 0; /* nobody holds b->lock: refcnt was 0 */
			break;
		}
		release(&bk->lock);
		bcache.waiters++;
		sleep(&bcache.waiters, &bcache.evict_lock);
		bcache.waiters--;
	}
	release(&bk->lock);
	release(&bcache.evict_lock);
	acquire_sleep(&b->lock);
	return b;
}

static void start_io(struct buf *b, int write)
{
	KASSERT(holding_sleep(&b->lock));
	b->req.blockno = b->blockno;
	b->req.data = b->data;
	b->req.seg = 0;
	b->req.write = write;
	virtio_blk_submit(&b->req);
}

#define AT_HOME 0 /* rw_runs: each buffer to or from its own block (block 0 is never a target) */

/* The disk block that bs[i] is moved to or from (see AT_HOME). */
static uint target(struct buf *const *bs, int i, uint start)
{
	return start == AT_HOME ? bs[i]->blockno : start + (uint)i;
}

/* Buffers from bs[i] on that go in one request: consecutive targets, at most max_segs. */
static int run_len(struct buf *const *bs, int n, int i, uint start)
{
	int len = 1, max = virtio_blk_max_segs();
	while (i + len < n && len < max && target(bs, i + len, start) == target(bs, i, start) + (uint)len)
		len++;
	return len;
}

/*
 * Read or write the locked buffers bs[0..n), one request per run of
 * consecutive target blocks, every request in flight before the first
 * wait.  A run's request is its first buffer's `req`.  0 or -E_IO.
 */
static int rw_runs(struct buf **bs, int n, uint start, int write)
{
	uchar *seg[VBLK_MAX_SEGS]; /* read by submit only: reused for each run */
	for (int i = 0, len; i < n; i += len) {
		len = run_len(bs, n, i, start);
		struct vblk_req *r = &bs[i]->req;
		for (int j = 0; j < len; j++) {
			KASSERT(holding_sleep(&bs[i + j]->lock));
			seg[j] = bs[i + j]->data;
		}
		*r = (struct vblk_req){.blockno = target(bs, i, start), .seg = seg, .nseg = len,
				       .write = write};
		virtio_blk_submit(r);
	}
	int err = 0;
	for (int i = 0, len; i < n; i += len) {
		len = run_len(bs, n, i, start);
		if (virtio_blk_wait(&bs[i]->req) != 0)
			err = -E_IO;
	}
	return err;
}

struct buf *bread(uint dev, uint blockno)
{
	struct buf *b = bget(dev, blockno);
	if (!b->valid) {
		start_io(b, 0);
		if (virtio_blk_wait(&b->req) != 0) {
			brelse(b);
			return 0;
		}
		b->valid = 1;
	}
	return b;
}

int bread_many(uint dev, const uint *blocknos, int n, struct buf **out)
{
	KASSERT(n >= 0 && n <= BREAD_MANY_MAX);
	/* The buffers are locked in ascending block order (see bcache.h), so
	 * order[] sorts the indices: insertion sort, n is small. */
	int order[BREAD_MANY_MAX];
	for (int i = 0; i < n; i++) {
		int j = i;
		for (; j > 0 && blocknos[order[j - 1]] >= blocknos[i]; j--) {
			if (blocknos[order[j - 1]] == blocknos[i])
				return -E_INVAL;
			order[j] = order[j - 1];
		}
		order[j] = i;
	}
	struct buf *miss[BREAD_MANY_MAX];
	int nmiss = 0;
	for (int k = 0; k < n; k++) {
		int i = order[k];
		out[i] = bget(dev, blocknos[i]);
		if (!out[i]->valid)
			miss[nmiss++] = out[i]; /* ascending: consecutive misses merge */
	}
	int err = rw_runs(miss, nmiss, AT_HOME, 0);
	for (int i = 0; i < nmiss && !err; i++)
		miss[i]->valid = 1;
	if (err)
		for (int i = 0; i < n; i++)
			brelse(out[i]);
	return err;
}

void bprefetch(uint dev, uint *blocknos, int n)
{
	KASSERT(n >= 0 && n <= BPREFETCH_MAX);
	for (int i = 1; i < n; i++) { /* insertion sort: the buffers are locked in this order */
		uint v = blocknos[i];
		int j = i;
		for (; j > 0 && blocknos[j - 1] > v; j--)
			blocknos[j] = blocknos[j - 1];
		blocknos[j] = v;
	}
	struct buf *miss[BPREFETCH_MAX];
	int nmiss = 0;
	for (int i = 0; i < n; i++) {
		if (blocknos[i] == 0 || (i > 0 && blocknos[i] == blocknos[i - 1]))
			continue;
		struct buf *b = bget(dev, blocknos[i]);
		if (b->valid)
			brelse(b);
		else
			miss[nmiss++] = b;
	}
	if (rw_runs(miss, nmiss, AT_HOME, 0) == 0)
		for (int i = 0; i < nmiss; i++)
			miss[i]->valid = 1;
	for (int i = 0; i < nmiss; i++)
		brelse(miss[i]);
}

struct buf *bnew(uint dev, uint blockno)
{
	struct buf *b = bget(dev, blockno);
	memset(b->data, 0, BSIZE);
	b->valid = 1;
	return b;
}

int bwrite(struct buf *b)
{
	start_io(b, 1);
	return virtio_blk_wait(&b->req);
}

int bflush(uint dev)
{
	(void)dev; /* one disk */
	return virtio_blk_flush();
}

int bwrite_many(struct buf **bs, int n)
{
	return rw_runs(bs, n, AT_HOME, 1);
}

int bwrite_at(struct buf **bs, int n, uint start)
{
	KASSERT(start != AT_HOME);
	return rw_runs(bs, n, start, 1);
}

int bdrop_clean(uint dev)
{
	int n = 0;
	for (int h = 0; h < NBUCKET; h++) {
		acquire(&bcache.bucket[h].lock);
		for (struct buf *b = bcache.bucket[h].head; b; b = b->next)
			if (b->dev == dev && b->refcnt == 0 && b->valid) {
				b->valid = 0; /* refcnt 0: no one holds b->lock */
				n++;
			}
		release(&bcache.bucket[h].lock);
	}
	return n;
}

void bforget(uint dev, uint blockno)
{
	int h = hash(dev, blockno);
	struct bucket *bk = &bcache.bucket[h];
	acquire(&bk->lock);
	struct buf *b = find(h, dev, blockno);
	/* refcnt 0: nobody holds b->lock, so its contents may be dropped here. */
	if (b && b->refcnt == 0)
		b->valid = 0;
	release(&bk->lock);
}

/* Drop one reference; the bucket's lock is taken here. */
static void unref(struct buf *b)
{
	/* b->bucket changes only at refcnt 0, which our reference prevents. */
	struct bucket *bk = &bcache.bucket[b->bucket];
	acquire(&bk->lock);
	KASSERT(b->refcnt > 0);
	int now_free = --b->refcnt == 0;
	if (now_free)
		b->lastuse = __atomic_add_fetch(&bcache.clock, 1, __ATOMIC_RELAXED);
	release(&bk->lock);
	if (now_free && __atomic_load_n(&bcache.waiters, __ATOMIC_RELAXED)) {
		acquire(&bcache.evict_lock);
		wakeup(&bcache.waiters);
		release(&bcache.evict_lock);
	}
}

void brelse(struct buf *b)
{
	KASSERT(holding_sleep(&b->lock));
	release_sleep(&b->lock);
	unref(b);
}

void bpin(struct buf *b)
{
	struct bucket *bk = &bcache.bucket[b->bucket];
	acquire(&bk->lock);
	KASSERT(b->refcnt > 0); /* the caller holds it */
	b->refcnt++;
	release(&bk->lock);
}

void bunpin(struct buf *b)
{
	unref(b);
}

void bdiscard_pinned(struct buf *b)
{
	acquire_sleep(&b->lock);
	b->valid = 0;
	release_sleep(&b->lock);
	unref(b);
}
