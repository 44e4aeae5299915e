/*
 * log.c: write-ahead logging with group commit.
 *
 * On disk: block sb.logstart holds a struct logheader (n, block[]); the
 * next sb.nlog - 1 blocks hold copies of the n blocks of a committed
 * transaction.  n != 0 on disk means "committed, maybe not installed".
 *
 * In memory: the current transaction's home block numbers and their
 * (pinned) buffers.  A block changed several times is recorded once
 * (absorption).  Commit:
 *   0. flush, if the previous commit's step 4 is not yet known durable;
 *   1. write the changed buffers to the log slots, which are consecutive
 *      blocks: one request per VBLK_MAX_SEGS blocks, straight from the
 *      buffers (no copy; the cache never holds a valid log slot: recover
 *      forgets any it finds); flush;
 *   2. write the header with n; flush      <- the commit point;
 *   3. write each buffer to its home block, sorted by block number so
 *      that neighbours merge into one request; flush;
 *   4. write the header with n = 0 (made durable by the next step 0).
 * Mount (and log_restart) replays a header with n != 0: steps 3 and 4.
 *
 * The flushes are write barriers for a disk with a volatile cache, which
 * may persist completed writes in any order until a flush:
 *   step 1's: the log copies are whole before a header names them;
 *   step 2's: the transaction is durable (what end_op and log_sync
 *             promise) before any home block changes, so a crash mid-way
 *             through step 3 is repaired by replay;
 *   step 3's: the home blocks are durable before step 4 forgets them;
 *   step 0's: the cleared header is durable before step 1 overwrites the
 *             log slots that an old header still names.
 * Four flushes per commit, however many blocks and operations it holds
 * (group commit); none on a write-through disk (bflush returns at once).
 *
 * Admission: an operation may dirty MAXOPBLOCKS blocks, so begin_op waits
 * while n + (outstanding + 1) * MAXOPBLOCKS exceeds the log, or while a
 * commit runs.  The last end_op commits, with no other locks held.
 *
 * I/O errors while committing: before the commit point, the transaction
 * is dropped (its buffers are discarded so they are re-read from disk,
 * and the abort hook drops cached inodes): the disk keeps the old state.
 * After it, the buffers stay pinned (the cache shows the committed state,
 * which the on-disk log will restore at the next mount).  Either way the
 * log turns read-only.
 *
 * Locking: lg.lock guards outstanding, committing, readonly and the
 * in-memory header (n, block[], bufs[]).  While `committing` is set only
 * the committing process touches the header, sorted[] and clear_unflushed,
 * without the lock (mount and log_restart count as committing).  Steps 1
 * and 3 hold every logged buffer's lock, taken in ascending block order
 * (bcache.h's order for holding several).
 */
#include "fs/log.h"
#include "fs/bcache.h"
#include "../abi/param.h"
#include "sync/spinlock.h"
#include "proc/sched.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "arch/riscv/fdt.h"

/* The flushes of a commit, by step (see above), and mount's replay. */
#define BARRIER_REUSE 0
#define BARRIER_BODY 1
#define BARRIER_COMMIT 2
#define BARRIER_INSTALL 3
#define BARRIER_REPLAY 4

_Static_assert(LOGSIZE <= LOGHDR_MAX, "the log header cannot name LOGSIZE blocks");
_Static_assert(LOGSIZE >= MAXOPBLOCKS, "the log cannot hold one operation");
_Static_assert(NBUF > LOGSIZE + 2 * BREAD_MANY_MAX, "pinned log blocks would fill the cache");

static struct {
	struct spinlock lock; /* guards every field below */
	uint dev;
	uint start;    /* header block */
	uint capacity; /* log slots (sb.nlog - 1) */
	int outstanding;
	int committing;
	int readonly;
	uint n;
	uint block[LOGHDR_MAX];
	struct buf *bufs[LOGHDR_MAX];
	struct buf *sorted[LOGHDR_MAX]; /* bufs[0..n) by block number, during a commit */
	int clear_unflushed;            /* a header clear (step 4) written since the last flush */
	int skip_barrier;               /* boot argument log_skip_barrier, or -1 */
	uint64 commits;
	uint64 rounds; /* commits finished, failed ones included (log_sync waits on it) */
	void (*abort_hook)(void);
	void (*first_change_hook)(void);
	int first_change_pending; /* atomic: the first commit still has to run the hook */
} lg;

/* Write the header with the first n block numbers: 0 or -E_IO. */
static int write_header(uint n)
{
	struct buf *b = bnew(lg.dev, lg.start);
	struct logheader *lh = (struct logheader *)b->data;
	lh->n = n;
	for (uint i = 0; i < n; i++)
		lh->block[i] = lg.block[i];
	int err = bwrite(b);
	if (err)
		b->valid = 0; /* the disk may not hold what the cache would show */
	brelse(b);
	return err;
}

/* Fill lg.sorted with bufs[0..n) in ascending block order (insertion sort: n <= LOGHDR_MAX). */
static void sort_bufs(void)
{
	for (uint i = 0; i < lg.n; i++) {
		uint j = i;
		for (; j > 0 && lg.sorted[j - 1]->blockno > lg.bufs[i]->blockno; j--)
			lg.sorted[j] = lg.sorted[j - 1];
		lg.sorted[j] = lg.bufs[i];
	}
}

/* Lock (1) or unlock (0) every logged buffer, in ascending block order. */
static void lock_all(int lock)
{
	for (uint i = 0; i < lg.n; i++) {
		if (lock)
			acquire_sleep(&lg.sorted[i]->lock);
		else
			release_sleep(&lg.sorted[i]->lock);
	}
}

/* Step 1: the changed blocks, in log order, to the consecutive log slots. */
static int write_body(void)
{
	lock_all(1);
	int err = bwrite_at(lg.bufs, (int)lg.n, lg.start + 1);
	lock_all(0);
	return err;
}

/* Step 3: the pinned buffers to their homes, in block order. */
static int install(void)
{
	lock_all(1);
	int err = bwrite_many(lg.sorted, (int)lg.n);
	lock_all(0);
	return err;
}

static void unpin_all(void)
{
	for (uint i = 0; i < lg.n; i++)
		bunpin(lg.bufs[i]);
	lg.n = 0;
}

static void go_readonly(const char *when)
{
	if (!fs_quiet)
		printf("fs: I/O error %s: file system is now read-only\n", when);
	acquire(&lg.lock);
	lg.readonly = 1;
	release(&lg.lock);
}

/*
 * A write barrier, the one of commit step `step` (see the top of the
 * file; BARRIER_REPLAY is mount's); 0 or -E_IO.  The boot argument
 * log_skip_barrier=STEP leaves one step's flush out: an unsafe kernel for
 * showing that the crash-state explorer needs each of them.
 */
static int barrier(int step)
{
	if (step == lg.skip_barrier)
		return 0;
	int err = bflush(lg.dev);
	if (!err)
		lg.clear_unflushed = 0;
	return err;
}

/* Write the header with the first n block numbers, then a barrier. */
static int write_header_durably(uint n)
{
	int err = write_header(n);
	return err ? err : barrier(BARRIER_COMMIT);
}

/* Commit the current transaction; committing is set, no locks held. */
static int commit(void)
{
	if (lg.n == 0)
		return 0;
	int err = lg.clear_unflushed ? barrier(BARRIER_REUSE) : 0;
	sort_bufs();
	if (!err)
		err = write_body();
	if (!err)
		err = barrier(BARRIER_BODY);
	if (!err)
		err = write_header_durably(lg.n);
	if (err) {
		/* Not committed: drop the changes, the disk keeps the old state. */
		go_readonly("writing the log");
		for (uint i = 0; i < lg.n; i++)
			bdiscard_pinned(lg.bufs[i]);
		lg.n = 0;
		if (lg.abort_hook)
			lg.abort_hook();
		return -E_IO;
	}
	__atomic_fetch_add(&lg.commits, 1, __ATOMIC_RELAXED);
	if (install() != 0 || barrier(BARRIER_INSTALL) != 0) {
		/* Committed on disk: the next mount replays it; keep the pins. */
		go_readonly("installing a committed transaction");
		return -E_IO;
	}
	if (write_header(0) != 0) {
		/* Installed; replaying it again later is harmless. */
		go_readonly("clearing the log header");
		unpin_all();
		return -E_IO;
	}
	lg.clear_unflushed = 1;
	unpin_all();
	return 0;
}

int begin_op(void)
{
	acquire(&lg.lock);
	for (;;) {
		if (lg.readonly) {
			release(&lg.lock);
			return -E_ROFS;
		}
		if (lg.committing ||
		    lg.n + (uint)(lg.outstanding + 1) * MAXOPBLOCKS > lg.capacity) {
			sleep(&lg, &lg.lock);
			continue;
		}
		lg.outstanding++;
		release(&lg.lock);
		return 0;
	}
}

/*
 * Runs one commit for a caller that set lg.committing (lg.lock not held),
 * then lets the next round start and wakes everyone waiting for it.
 */
static int commit_round(void)
{
	int err = commit();
	acquire(&lg.lock);
	lg.committing = 0;
	lg.rounds++;
	wakeup(&lg);
	release(&lg.lock);
	return err;
}

int end_op(void)
{
	acquire(&lg.lock);
	KASSERT(lg.outstanding > 0 && !lg.committing);
	int do_commit = --lg.outstanding == 0;
	if (do_commit)
		lg.committing = 1;
	else
		wakeup(&lg); /* the log may have room for a waiting begin_op */
	release(&lg.lock);
	if (!do_commit)
		return 0;
	int changed = lg.n != 0; /* ours to read: committing is set */
	int err = commit_round();
	/* Exactly one caller (the first to commit a change) runs the hook, after it. */
	if (changed && !err && __atomic_exchange_n(&lg.first_change_pending, 0, __ATOMIC_ACQ_REL) &&
	    lg.first_change_hook)
		lg.first_change_hook();
	return err;
}

int log_sync(void)
{
	acquire(&lg.lock);
	/* Everything logged so far is in the commit running now, or else in the next one. */
	uint64 target = lg.rounds + 1;
	if (!lg.committing && lg.n == 0)
		target = lg.rounds; /* nothing waits to be committed */
	while (lg.rounds < target && !lg.readonly) {
		if (!lg.committing && lg.outstanding == 0) {
			/* Blocks left by end_op_more and nobody to commit them: do it. */
			lg.committing = 1;
			release(&lg.lock);
			return commit_round();
		}
		sleep(&lg, &lg.lock);
	}
	int err = lg.readonly ? -E_IO : 0;
	release(&lg.lock);
	return err;
}

int end_op_more(void)
{
	acquire(&lg.lock);
	KASSERT(lg.outstanding > 0 && !lg.committing);
	if (lg.n + MAXOPBLOCKS <= lg.capacity) {
		/* Room for the next chunk: stay uncommitted.  Anyone's later
		 * end_op() commits these blocks with its own. */
		lg.outstanding--;
		wakeup(&lg);
		release(&lg.lock);
		return 0;
	}
	release(&lg.lock);
	return end_op();
}

void log_write(struct buf *b)
{
	KASSERT(holding_sleep(&b->lock));
	acquire(&lg.lock);
	KASSERT(lg.outstanding > 0);
	for (uint i = 0; i < lg.n; i++)
		if (lg.block[i] == b->blockno) {
			KASSERT(lg.bufs[i] == b);
			release(&lg.lock);
			return; /* absorbed */
		}
	if (lg.n >= lg.capacity)
		panic("log_write: transaction overflows the log (an op wrote > MAXOPBLOCKS)");
	lg.block[lg.n] = b->blockno;
	lg.bufs[lg.n] = b;
	lg.n++;
	bpin(b);
	release(&lg.lock);
}

/* Replay a committed transaction found on disk; no operation running. */
static int recover(void)
{
	struct buf *hb = bread(lg.dev, lg.start);
	if (!hb)
		return -E_IO;
	struct logheader *lh = (struct logheader *)hb->data;
	uint n = lh->n;
	int bad = n > lg.capacity;
	for (uint i = 0; i < n && !bad; i++) {
		uint b = lh->block[i];
		bad = b < fs_sb.inodestart || b >= fs_sb.size; /* home blocks follow the log */
		for (uint j = 0; j < i && !bad; j++)
			bad = lh->block[j] == b;
		lg.block[i] = b;
	}
	brelse(hb);
	if (bad) {
		fs_corrupt("log header names %u blocks, some invalid", n);
		return -E_CORRUPT;
	}
	if (n == 0)
		return 0;
	/* Read the log copies (in runs, all in flight), then write them home.
	 * A cached copy of a slot would be stale (commits write the slots
	 * past the cache), so it is forgotten first and not kept after. */
	struct buf *lb[BREAD_MANY_MAX], *home[BREAD_MANY_MAX];
	uint lbn[BREAD_MANY_MAX];
	for (uint i = 0; i < n; i += BREAD_MANY_MAX) {
		uint k = n - i < BREAD_MANY_MAX ? n - i : BREAD_MANY_MAX;
		for (uint j = 0; j < k; j++) {
			lbn[j] = lg.start + 1 + i + j;
			bforget(lg.dev, lbn[j]);
		}
		int err = bread_many(lg.dev, lbn, (int)k, lb);
		if (err)
			return err;
		for (uint j = 0; j < k; j++) {
			home[j] = bnew(lg.dev, lg.block[i + j]);
			memmove(home[j]->data, lb[j]->data, BSIZE);
		}
		err = bwrite_many(home, (int)k);
		for (uint j = 0; j < k; j++) {
			if (err)
				home[j]->valid = 0; /* the disk may not hold it */
			brelse(home[j]);
			lb[j]->valid = 0;
			brelse(lb[j]);
		}
		if (err)
			return err;
	}
	/* The replayed blocks are durable before the header forgets them. */
	int err = barrier(BARRIER_REPLAY);
	if (!err)
		err = write_header(0);
	if (!err)
		lg.clear_unflushed = 1;
	return err;
}

int log_init(uint dev, const struct superblock *sb)
{
	spin_init(&lg.lock, "log");
	lg.dev = dev;
	lg.start = sb->logstart;
	lg.capacity = sb->nlog - 1;
	if (lg.capacity > LOGHDR_MAX)
		lg.capacity = LOGHDR_MAX;
	lg.n = 0;
	lg.outstanding = lg.committing = lg.readonly = 0;
	lg.clear_unflushed = 0;
	uint64 skip;
	lg.skip_barrier = bootarg_uint("log_skip_barrier", &skip) == 0 ? (int)skip : -1;
	if (lg.skip_barrier >= 0)
		printf("fs: log_skip_barrier=%d: a crash may corrupt the disk\n", lg.skip_barrier);
	return recover();
}

int log_restart(void)
{
	acquire(&lg.lock);
	KASSERT(lg.outstanding == 0 && !lg.committing);
	lg.committing = 1; /* keep begin_op out meanwhile */
	release(&lg.lock);
	for (uint i = 0; i < lg.n; i++)
		bdiscard_pinned(lg.bufs[i]);
	lg.n = 0;
	int err = recover();
	if (lg.abort_hook)
		lg.abort_hook();
	acquire(&lg.lock);
	lg.committing = 0;
	lg.readonly = err != 0;
	wakeup(&lg);
	release(&lg.lock);
	return err;
}

int log_with_slots(int (*fn)(uint first, uint n, void *arg), void *arg)
{
	acquire(&lg.lock);
	while (!lg.readonly && (lg.committing || lg.outstanding > 0 || lg.n > 0))
		sleep(&lg, &lg.lock);
	if (lg.readonly) {
		release(&lg.lock);
		return -E_ROFS;
	}
	lg.committing = 1; /* keeps begin_op and other commits out */
	release(&lg.lock);
	/* Step 0's rule: the slots are free only once the last header clear is durable. */
	int err = lg.clear_unflushed ? barrier(BARRIER_REUSE) : 0;
	if (!err)
		err = fn(lg.start + 1, lg.capacity, arg);
	acquire(&lg.lock);
	lg.committing = 0;
	wakeup(&lg);
	release(&lg.lock);
	return err;
}

/*
 * An unlocked read of a flag written under lg.lock: the answer may be stale
 * the moment it returns, as it was with the lock.  Taking no lock matters:
 * iput asks with itable.lock held, and lg.lock comes before p->lock, which
 * fork holds while it takes itable.lock (the lock-order checker found the
 * cycle itable -> lg.lock -> p->lock -> itable).
 */
int log_readonly(void)
{
	return __atomic_load_n(&lg.readonly, __ATOMIC_ACQUIRE);
}

uint64 log_commits(void)
{
	return __atomic_load_n(&lg.commits, __ATOMIC_RELAXED);
}

void log_set_abort_hook(void (*fn)(void))
{
	lg.abort_hook = fn;
}

void log_set_first_change_hook(void (*fn)(void))
{
	lg.first_change_hook = fn;
	__atomic_store_n(&lg.first_change_pending, 1, __ATOMIC_RELEASE);
}
