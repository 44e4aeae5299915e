/*
 * bcache.c: the disk block cache.
 *
 * Size: bcache_init gives the cache 1/BCACHE_RAM_SHARE of the RAM the
 * device tree reports (at least NBUF buffers): 8 MiB of blocks with 128
 * MiB of RAM, 4 MiB with 64 MiB.  Block data comes from whole pages (the
 * direct map, as the disk needs), the headers and the buckets from the
 * kernel heap.  Every unused buffer is clean (a changed block stays pinned
 * by the log until installed), so any of them may be evicted; the log
 * pins at most two transactions (one being built, the last one's
 * installs in flight), far below the cache's size.
 *
 * Lookup: a buffer that holds (dev, blockno) is in hash bucket
 * hash(dev, blockno); each bucket has its own spinlock, so hits on
 * different blocks do not contend.  Buffers that hold nothing yet
 * (dev == NODEV) may sit in any bucket.
 *
 * Reuse: the buffers with refcnt 0 are on one LRU list, least recently
 * released first; a miss takes the list's head in O(1).  The miss path
 * runs under `evict_lock`, so at most one process at a time moves
 * buffers between buckets; only that process ever holds two bucket locks
 * at once, which makes any order among bucket locks safe.  The victim is
 * taken off the list before its bucket is locked; if a hit takes it
 * meanwhile (refcnt > 0 when the bucket is locked), the miss tries the
 * next head.  If every buffer is in use the miss sleeps until one is
 * released (read-ahead's miss gives up instead).
 *
 * Read-ahead (bprefetch) is asynchronous: it locks the missing buffers,
 * marks them `reading`, unlocks them and submits one request per run;
 * each buffer keeps the reference bget gave it, so it cannot be evicted
 * or dropped while the device writes its data.  The request's completion
 * (readahead_done, from the disk interrupt) sets valid, clears reading,
 * wakes waiters and drops the references.  bget waits for `reading` to
 * clear after taking the sleep lock, so every holder of a buffer sees no
 * read in flight: a buffer being read is waited for, never read again.
 *
 * Locking:
 *   bucket[i].lock  guards the list of bucket i and, for buffers in it,
 *                   dev, blockno, refcnt, next, bucket;
 *   lru_lock        guards the LRU list (lru_prev, lru_next, on_lru);
 *   evict_lock      serialises moving a buffer between buckets; guards
 *                   `waiters`;
 *   b->lock         (sleep lock) guards valid, req and data, except
 *                   while b->reading (then the read-ahead owns them);
 *   io_lock         guards clearing `reading`, and is the channel its
 *                   waiters sleep on.
 * Lock order: evict_lock, then bucket locks, then lru_lock; io_lock is
 * taken alone; sleep locks are never taken while holding a spinlock.
 */
#include "fs/bcache.h"
#include "../abi/param.h"
#include "proc/sched.h"
#include "mm/page.h"
#include "mm/kmalloc.h"
#include "lib/addr.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/printf.h"
#include "lib/string.h"

#define BCACHE_RAM_SHARE 16 /* the cache's blocks take 1/16 of RAM */
#define BUCKET_LOAD 4       /* buffers per hash bucket, about */
#define NODEV 0             /* a buffer that holds no block yet */
#define BLOCKS_PER_PAGE (PGSIZE / BSIZE)

struct bucket {
	struct spinlock lock; /* guards this bucket's chain and its buffers' refcnt/dev/blockno */
	struct buf *head;
};

static struct {
	struct spinlock evict_lock; /* one miss at a time picks a victim; guards waiters */
	int waiters;                /* misses sleeping for a free buffer */
	struct spinlock lru_lock;   /* guards the LRU list */
	struct spinlock io_lock;    /* guards clearing buffers' `reading`; their channel */
	struct buf lru;        /* the list's sentinel: lru.lru_next is the least recently used */
	struct bucket *bucket; /* nbucket of them; set at init */
	int nbucket;
	int nbuf;
} bcache;

static int hash(uint dev, uint blockno)
{
	return (int)((dev * 31u + blockno) % (uint)bcache.nbucket);
}

/* lru_lock held: b to the tail (most recently used). */
static void lru_append(struct buf *b)
{
	KASSERT(holding(&bcache.lru_lock) && !b->on_lru);
	b->lru_prev = bcache.lru.lru_prev;
	b->lru_next = &bcache.lru;
	bcache.lru.lru_prev->lru_next = b;
	bcache.lru.lru_prev = b;
	b->on_lru = 1;
}

/* lru_lock held: b off the list, if it is on it. */
static void lru_remove(struct buf *b)
{
	KASSERT(holding(&bcache.lru_lock));
	if (!b->on_lru)
		return;
	b->lru_prev->lru_next = b->lru_next;
	b->lru_next->lru_prev = b->lru_prev;
	b->on_lru = 0;
}

/* How many buffers: a share of RAM, at least NBUF. */
static int cache_size(void)
{
	uint64 n = mem_total_bytes() / BCACHE_RAM_SHARE / BSIZE;
	return n < NBUF ? NBUF : (int)n;
}

void bcache_init(void)
{
	if (bcache.nbuf > 0)
		return; /* a mount that failed after this may be tried again */
	spin_init(&bcache.evict_lock, "bcache evict");
	spin_init(&bcache.lru_lock, "bcache lru");
	spin_init(&bcache.io_lock, "bcache read-ahead");
	bcache.lru.lru_next = bcache.lru.lru_prev = &bcache.lru;
	int nbuf = cache_size();
	int nbucket = nbuf / BUCKET_LOAD;
	if (nbucket > (int)(KMALLOC_MAX / sizeof(struct bucket)))
		nbucket = (int)(KMALLOC_MAX / sizeof(struct bucket));
	bcache.nbucket =
	    nbucket % 2 ? nbucket : nbucket - 1; /* odd: consecutive blocks spread out */
	bcache.bucket = kzalloc((uint64)bcache.nbucket * sizeof(struct bucket));
	if (!bcache.bucket)
		panic("bcache: no memory for %d buckets", bcache.nbucket);
	for (int i = 0; i < bcache.nbucket; i++)
		spin_init(&bcache.bucket[i].lock, "bcache bucket");
	uchar *page = 0;
	for (int i = 0; i < nbuf; i++) {
		struct buf *b = kzalloc(sizeof(*b));
		if (i % BLOCKS_PER_PAGE == 0) {
			paddr_t pa = page_alloc();
			page = pa ? pa2kva(pa) : 0;
		}
		if (!b || !page) {
			if (i < NBUF)
				panic("bcache: no memory for %d buffers", NBUF);
			kfree(b);
			break; /* a smaller cache than planned */
		}
		b->data = page + (i % BLOCKS_PER_PAGE) * BSIZE;
		sleep_init(&b->lock, "buffer");
		b->dev = NODEV;
		b->bucket = i % bcache.nbucket;
		b->next = bcache.bucket[b->bucket].head;
		bcache.bucket[b->bucket].head = b;
		acquire(&bcache.lru_lock);
		lru_append(b);
		release(&bcache.lru_lock);
		bcache.nbuf++;
	}
}

int bcache_nbuf(void)
{
	return bcache.nbuf;
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

/* One more reference to b, taking it off the LRU list; b's bucket locked. */
static void ref(struct buf *b)
{
	if (b->refcnt++ == 0) {
		acquire(&bcache.lru_lock);
		lru_remove(b);
		release(&bcache.lru_lock);
	}
}

/* Drop one reference; the bucket's lock is taken here (an interrupt handler may call it). */
static void unref(struct buf *b)
{
	/* b->bucket changes only at refcnt 0, which our reference prevents. */
	struct bucket *bk = &bcache.bucket[b->bucket];
	acquire(&bk->lock);
	KASSERT(b->refcnt > 0);
	int now_free = --b->refcnt == 0;
	if (now_free) {
		acquire(&bcache.lru_lock);
		lru_append(b);
		release(&bcache.lru_lock);
	}
	release(&bk->lock);
	if (now_free && __atomic_load_n(&bcache.waiters, __ATOMIC_RELAXED)) {
		acquire(&bcache.evict_lock);
		wakeup(&bcache.waiters);
		release(&bcache.evict_lock);
	}
}

/*
 * The least recently used free buffer, or 0 if none; evict_lock and
 * bucket `held` locked.  Returns with the victim's bucket locked too (when
 * it is not `held`), its refcnt 0 and off the LRU list.
 */
static struct buf *pick_victim(int held)
{
	KASSERT(holding(&bcache.evict_lock));
	for (;;) {
		acquire(&bcache.lru_lock);
		struct buf *b = bcache.lru.lru_next;
		if (b == &bcache.lru) {
			release(&bcache.lru_lock);
			return 0;
		}
		lru_remove(b);
		release(&bcache.lru_lock);
		/* Only evict_lock holders move buffers, so b->bucket is stable. */
		int vb = b->bucket;
		if (vb != held)
			acquire(&bcache.bucket[vb].lock);
		if (b->refcnt == 0) {
			/* A hit and a release in between may have put it back: take it off again.
			 */
			acquire(&bcache.lru_lock);
			lru_remove(b);
			release(&bcache.lru_lock);
			return b;
		}
		/* Taken by a hit meanwhile; its release puts it back on the list. */
		if (vb != held)
			release(&bcache.bucket[vb].lock);
	}
}

/* Wait until no read-ahead is in flight into b; b's sleep lock held. */
static void wait_reading(struct buf *b)
{
	/* Only the lock holder sets reading, so 0 stays 0; the acquire
	 * pairs with readahead_done's release (valid and data are seen). */
	if (!__atomic_load_n(&b->reading, __ATOMIC_ACQUIRE))
		return;
	acquire(&bcache.io_lock);
	while (b->reading)
		sleep(&bcache.io_lock, &bcache.io_lock);
	release(&bcache.io_lock);
}

/*
 * A referenced, locked buffer for the block, no read in flight into it;
 * contents valid or not.  may_wait = 0: 0 instead of sleeping when every
 * buffer is in use.
 */
static struct buf *bget(uint dev, uint blockno, int may_wait)
{
	int h = hash(dev, blockno);
	struct bucket *bk = &bcache.bucket[h];
	acquire(&bk->lock);
	struct buf *b = find(h, dev, blockno);
	if (b) {
		ref(b);
		release(&bk->lock);
		acquire_sleep(&b->lock);
		wait_reading(b);
		return b;
	}
	release(&bk->lock);

	acquire(&bcache.evict_lock);
	for (;;) {
		acquire(&bk->lock);
		b = find(h, dev, blockno); /* another miss may have brought it in */
		if (b) {
			ref(b);
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
		if (!may_wait) {
			release(&bcache.evict_lock);
			return 0;
		}
		bcache.waiters++;
		sleep(&bcache.waiters, &bcache.evict_lock);
		bcache.waiters--;
	}
	release(&bk->lock);
	release(&bcache.evict_lock);
	acquire_sleep(&b->lock);
	wait_reading(b); /* a hit found by the second look may be being read */
	return b;
}

static void start_io(struct buf *b, int write)
{
	KASSERT(holding_sleep(&b->lock));
	/* All of req: a read-ahead's completion function must not stay in it. */
	b->req = (struct vblk_req){.blockno = b->blockno, .data = b->data, .write = write};
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
	while (i + len < n && len < max &&
	       target(bs, i + len, start) == target(bs, i, start) + (uint)len)
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
		*r = (struct vblk_req){
		    .blockno = target(bs, i, start), .seg = seg, .nseg = len, .write = write};
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
	struct buf *b = bget(dev, blockno, 1);
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
		out[i] = bget(dev, blocknos[i], 1);
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

#define RA_SKIP 0 /* ra_get: the block is cached, being read or in use */
#define RA_TAKE 1 /* ra_get: *out is the block's buffer, locked, to be read */
#define RA_FULL 2 /* ra_get: no buffer is free */

/*
 * For read-ahead, one lookup that does not sleep for a free buffer, nor
 * (unless a bget races it) for a buffer's lock:
 * RA_TAKE with the block's buffer locked and referenced if its contents
 * are not cached and nobody uses it (a buffer of its own, or a free one
 * taken for it), else RA_SKIP or RA_FULL.
 */
static int ra_get(uint dev, uint blockno, struct buf **out)
{
	int h = hash(dev, blockno);
	struct bucket *bk = &bcache.bucket[h];
	acquire(&bk->lock);
	struct buf *b = find(h, dev, blockno);
	/* refcnt 0: nobody holds b->lock (so valid is stable) and no read
	 * is in flight (a read holds a reference). */
	int take = b && b->refcnt == 0 && !b->valid;
	if (take)
		ref(b);
	release(&bk->lock);
	if (b && !take)
		return RA_SKIP;
	if (!b && !(b = bget(dev, blockno, 0)))
		return RA_FULL;
	if (take)
		acquire_sleep(&b->lock); /* unused a moment ago: held only if a bget came first */
	/* A bget first (ours, in its second look, or another process's) may
	 * have read it, or started a read-ahead of it, meanwhile. */
	if (b->valid || b->reading) {
		brelse(b);
		return RA_SKIP;
	}
	*out = b;
	return RA_TAKE;
}

/*
 * A read-ahead request is done (interrupt handler, no lock held): its
 * buffers, from the one holding the request along run_next, get valid
 * (if the read worked), lose `reading` and their request's references.
 */
static void readahead_done(struct vblk_req *r)
{
	struct buf *first = (struct buf *)((char *)r - __builtin_offsetof(struct buf, req));
	int ok = r->status == 0;
	acquire(&bcache.io_lock);
	for (struct buf *b = first; b; b = b->run_next) {
		b->valid = ok;
		__atomic_store_n(&b->reading, 0, __ATOMIC_RELEASE);
	}
	wakeup(&bcache.io_lock);
	release(&bcache.io_lock);
	/* Each unref may let the buffer be reused: its run_next is read first. */
	for (struct buf *b = first, *next; b; b = next) {
		next = b->run_next;
		unref(b);
	}
}

/*
 * Read the locked, invalid buffers bs[0..n) (ascending blocks) ahead:
 * one request per run, completed by readahead_done; the buffers are
 * unlocked before their request is submitted, still referenced.  Not
 * inlined: its seg[] and bprefetch's miss[] together pass the frame limit.
 */
__attribute__((noinline)) static void start_readahead(struct buf **bs, int n)
{
	uchar *seg[VBLK_MAX_SEGS]; /* read by submit only: reused for each run */
	for (int i = 0, len; i < n; i += len) {
		len = run_len(bs, n, i, AT_HOME);
		for (int j = 0; j < len; j++) {
			struct buf *b = bs[i + j];
			KASSERT(holding_sleep(&b->lock) && !b->valid && !b->reading);
			seg[j] = b->data;
			b->run_next = j + 1 < len ? bs[i + j + 1] : 0;
			b->reading = 1;
		}
		bs[i]->req = (struct vblk_req){.blockno = bs[i]->blockno,
		                               .seg = seg,
		                               .nseg = len,
		                               .write = 0,
		                               .complete = readahead_done};
		/* Unlocked first: once submitted, the request owns the buffers. */
		for (int j = 0; j < len; j++)
			release_sleep(&bs[i + j]->lock);
		virtio_blk_submit(&bs[i]->req);
	}
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
		int r = ra_get(dev, blocknos[i], &miss[nmiss]);
		if (r == RA_FULL)
			break; /* the cache is all in use: read-ahead is only a hint */
		if (r == RA_TAKE)
			nmiss++;
	}
	start_readahead(miss, nmiss);
}

struct buf *bnew(uint dev, uint blockno)
{
	struct buf *b = bget(dev, blockno, 1);
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

int bwrite_start(struct buf **bs, int n, struct vblk_req *reqs)
{
	uchar *seg[VBLK_MAX_SEGS]; /* read by submit only: reused for each run */
	int k = 0;
	for (int i = 0, len; i < n; i += len, k++) {
		len = run_len(bs, n, i, AT_HOME);
		for (int j = 0; j < len; j++)
			seg[j] = bs[i + j]->data; /* fixed for the buffer's life */
		reqs[k] = (struct vblk_req){
		    .blockno = bs[i]->blockno, .seg = seg, .nseg = len, .write = 1};
		virtio_blk_submit(&reqs[k]);
	}
	return k;
}

int bwrite_wait(struct vblk_req *reqs, int k)
{
	int err = 0;
	for (int i = 0; i < k; i++)
		if (virtio_blk_wait(&reqs[i]) != 0)
			err = -E_IO;
	return err;
}

int bdrop_clean(uint dev)
{
	int n = 0;
	for (int h = 0; h < bcache.nbucket; h++) {
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
