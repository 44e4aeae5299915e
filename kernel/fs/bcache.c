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
	b->req.write = write;
	virtio_blk_submit(&b->req);
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
	for (int i = 0; i < n; i++)
		for (int j = 0; j < i; j++)
			if (blocknos[i] == blocknos[j])
				return -E_INVAL;
	uint8 issued[BREAD_MANY_MAX];
	for (int i = 0; i < n; i++) {
		out[i] = bget(dev, blocknos[i]);
		issued[i] = !out[i]->valid;
		if (issued[i])
			start_io(out[i], 0);
	}
	int err = 0;
	for (int i = 0; i < n; i++)
		if (issued[i]) {
			if (virtio_blk_wait(&out[i]->req) != 0)
				err = -E_IO;
			else
				out[i]->valid = 1;
		}
	if (err)
		for (int i = 0; i < n; i++)
			brelse(out[i]);
	return err;
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
	for (int i = 0; i < n; i++)
		start_io(bs[i], 1);
	int err = 0;
	for (int i = 0; i < n; i++)
		if (virtio_blk_wait(&bs[i]->req) != 0 && !err)
			err = -E_IO;
	return err;
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
