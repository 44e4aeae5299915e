/*
 * log.c: write-ahead logging with group commit, one flush per commit.
 *
 * On disk (format 3, abi/fs.h): the log is two halves, each a header
 * block and capacity slots.  Commit number seq goes to half seq % 2: its
 * blocks' copies in the slots, and a header naming their homes with a
 * checksum over the header and the copies.  A valid header is a commit.
 *
 * In memory: the current transaction's home block numbers and their
 * (pinned) buffers.  A block changed several times is recorded once
 * (absorption).  Commit N+1, into half X (the other half holds N):
 *   1. wait for commit N's installs (sent at the end of N's commit) and
 *      unpin their buffers;
 *   2. write X's header and the changed buffers to X's slots: one chain
 *      of requests (header and slots are consecutive blocks), straight
 *      from the buffers (the cache never holds a valid log block);
 *   3. flush                                    <- the commit point;
 *   4. send the installs (each buffer to its home block, sorted so that
 *      neighbours merge) and return without waiting for them.
 * One flush and two waits per commit, however many blocks it holds.  The
 * flush is the write barrier for a disk with a volatile cache (which may
 * persist completed writes in any order until a flush); it promises two
 * things at once:
 *   - N+1 is durable (what end_op and log_sync promise);
 *   - N's installs, complete since step 1, are durable, so from now on
 *     half Y (N's) may be overwritten: commit N+2 does so at its step 2.
 * Half X, overwritten at step 2, held N-1, whose installs N's flush made
 * durable; half Y stays whole meanwhile.  A crash before the flush leaves
 * X torn (its checksum fails: never acknowledged, so nothing is lost) or
 * whole (N+1 replayed: harmless, it is a whole transaction).
 * Mount (and log_restart) replays the valid halves, older first (the
 * older only if it is exactly one below the newer), writing only home
 * blocks that differ from their copy (an installed log costs reads, no
 * writes), flushes (BARRIER_REPLAY: the homes are durable before the
 * next commit overwrites the older half), and continues the sequence
 * above the newest: nothing on the disk has to be cleared.
 *
 * Installs in flight (the invariant that lets step 4 not wait): a buffer
 * whose install is in flight stays pinned (never evicted, never re-read,
 * so only its own data goes to the disk), but it is not locked, and the
 * next transaction may change it meanwhile: the home block then receives
 * some mix of N's and N+1's data.  That is harmless: only N+1 can have
 * changed it, the block is then in N+1 too, and until N+1's own install
 * of it is durable (the flush of N+2) half Y (N) or half X (N+1) still
 * holds a valid copy that replay writes over the mix: Y stays valid
 * until N+2's step 2, which comes after N+1's flush, and X until N+3's.
 * A buffer is in at most one install at a time (step 1 waits first).
 *
 * Admission: an operation may dirty MAXOPBLOCKS blocks, so begin_op waits
 * while n + (outstanding + 1) * MAXOPBLOCKS exceeds a half, or while a
 * commit runs.  The last end_op commits, with no other locks held.
 *
 * I/O errors: if writing the log or the flush fails, the transaction is
 * dropped (its buffers are discarded so they are re-read from disk, and
 * the abort hook drops cached inodes): the disk keeps the old state.  If
 * an install failed (seen at the next commit's step 1), that commit still
 * goes ahead (its half held N-1, durable) and then the log stops, its
 * buffers and N's staying pinned (the cache shows the committed state,
 * which the two halves restore at the next mount).  Either way the log
 * turns read-only.
 *
 * Locking: lg.lock guards outstanding, committing, readonly and the
 * current transaction (n, block[], bufs[]).  While `committing` is set
 * only the committing process touches the transaction and the commit
 * state (seq, sorted[], chain[], inst[], req[], unflushed), without the
 * lock (mount and log_restart count as committing).  Step 2 holds every
 * logged buffer's lock, taken in ascending block order after the header's
 * (bcache.h's order for holding several; log blocks precede home blocks).
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

/*
 * The flushes, for the boot argument log_skip_barrier=STEP: the commit's
 * (step 3 above), mount's after a replay, and log_with_slots' before it
 * lends the slots.
 */
#define BARRIER_COMMIT 0
#define BARRIER_REPLAY 1
#define BARRIER_LEND 2

_Static_assert(LOGSIZE <= LOGHDR_MAX, "the log header cannot name LOGSIZE blocks");
_Static_assert(LOGSIZE >= MAXOPBLOCKS, "the log cannot hold one operation");
/* Pinned at once: a transaction and the previous one's installs. */
_Static_assert(NBUF > 2 * LOGHDR_MAX + 2 * BREAD_MANY_MAX,
               "pinned log blocks would fill the cache");

static struct {
	struct spinlock lock; /* guards outstanding, committing, readonly, n, block[], bufs[] */
	uint dev;
	uint start;    /* half 0's header block */
	uint half;     /* blocks per half (sb.nlog / 2) */
	uint capacity; /* slots per half */
	int outstanding;
	int committing;
	int readonly;
	uint n;
	uint block[LOGHDR_MAX];
	struct buf *bufs[LOGHDR_MAX];
	/* The commit state: the committing process's (see Locking). */
	uint64 seq;                        /* the last commit's sequence number */
	struct buf *sorted[LOGHDR_MAX];    /* bufs[0..n) by block number, during a commit */
	struct buf *chain[LOGHDR_MAX + 1]; /* step 2's header buffer, then bufs[0..n) */
	struct buf *inst[LOGHDR_MAX];      /* the last commit's buffers, sorted, each pinned */
	uint ninst;                        /* 0: no install to wait for */
	struct vblk_req req[LOGHDR_MAX];   /* inst[]'s write requests */
	int nreq;                          /* of them in flight (not yet waited for) */
	int unflushed;                     /* installs completed since the last flush */
	struct logheader hdr[2];           /* recover: the halves' headers */
	int skip_barrier;                  /* boot argument log_skip_barrier, or -1 */
	uint64 commits;
	uint64 rounds; /* commits finished, failed ones included (log_sync waits on it) */
	void (*abort_hook)(void);
	void (*first_change_hook)(void);
	int first_change_pending; /* atomic: the first commit still has to run the hook */
} lg;

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

/* The first block of the half that holds (or will hold) commit seq. */
static uint half_start(uint64 seq)
{
	return lg.start + (uint)(seq % 2) * lg.half;
}

/* Step 2: commit seq's header and the changed blocks, in one chain; 0 or -E_IO. */
static int write_commit(uint64 seq)
{
	uint at = half_start(seq);
	struct buf *hb = bnew(lg.dev, at);
	struct logheader *lh = (struct logheader *)hb->data;
	lh->seq = seq;
	lh->n = lg.n;
	for (uint i = 0; i < lg.n; i++)
		lh->block[i] = lg.block[i];
	lock_all(1);
	uint64 sum = logsum_header(lh);
	for (uint i = 0; i < lg.n; i++)
		sum = logsum_block(sum, lg.bufs[i]->data);
	lh->sum = sum;
	lg.chain[0] = hb;
	for (uint i = 0; i < lg.n; i++)
		lg.chain[i + 1] = lg.bufs[i];
	int err = bwrite_at(lg.chain, (int)lg.n + 1, at);
	lock_all(0);
	hb->valid = 0; /* the cache never holds a log block: recover reads the disk's */
	brelse(hb);
	return err;
}

/*
 * Step 1: wait for the last commit's installs.  0: they are complete and
 * their buffers unpinned; -E_IO: some failed, the buffers stay pinned.
 */
static int installs_finish(void)
{
	if (lg.ninst == 0)
		return 0;
	int err = bwrite_wait(lg.req, lg.nreq);
	lg.nreq = 0;
	if (err)
		return err;
	for (uint i = 0; i < lg.ninst; i++)
		bunpin(lg.inst[i]);
	lg.ninst = 0;
	lg.unflushed = 1;
	return 0;
}

/* Step 4: send the just-committed buffers home, sorted; they stay pinned until step 1. */
static void installs_start(void)
{
	for (uint i = 0; i < lg.n; i++)
		lg.inst[i] = lg.sorted[i];
	lg.ninst = lg.n;
	lg.nreq = bwrite_start(lg.inst, (int)lg.ninst, lg.req);
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
 * A write barrier (BARRIER_*); 0 or -E_IO.  The boot argument
 * log_skip_barrier=STEP leaves one of them out: an unsafe kernel for
 * showing that the crash-state explorer needs it.
 */
static int barrier(int step)
{
	if (step == lg.skip_barrier)
		return 0;
	int err = bflush(lg.dev);
	if (!err)
		lg.unflushed = 0;
	return err;
}

/* Commit the current transaction; committing is set, no locks held. */
static int commit(void)
{
	if (lg.n == 0)
		return 0;
	int install_err = installs_finish();
	uint64 seq = lg.seq + 1;
	sort_bufs();
	int err = write_commit(seq);
	if (!err)
		err = barrier(BARRIER_COMMIT);
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
	lg.seq = seq;
	__atomic_fetch_add(&lg.commits, 1, __ATOMIC_RELAXED);
	if (install_err) {
		/* Both halves must stay as they are: stop, keep every pin. */
		go_readonly("installing a committed transaction");
		return 0;
	}
	installs_start();
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

/*
 * Read blocks first..first+n-1 of the log from the disk (not the cache:
 * a cached copy of a log block would be stale), in runs of up to
 * BREAD_MANY_MAX, and hand each run to fn(i, lb, k, arg): lb[0..k) hold
 * blocks first+i.. ; they are forgotten again after.  0, -E_IO, or fn's
 * first error.
 */
static int read_log_blocks(uint first, uint n,
                           int (*fn)(uint i, struct buf **lb, uint k, void *arg), void *arg)
{
	struct buf *lb[BREAD_MANY_MAX];
	uint lbn[BREAD_MANY_MAX];
	for (uint i = 0; i < n; i += BREAD_MANY_MAX) {
		uint k = n - i < BREAD_MANY_MAX ? n - i : BREAD_MANY_MAX;
		for (uint j = 0; j < k; j++) {
			lbn[j] = first + i + j;
			bforget(lg.dev, lbn[j]);
		}
		int err = bread_many(lg.dev, lbn, (int)k, lb);
		if (err)
			return err;
		err = fn(i, lb, k, arg);
		for (uint j = 0; j < k; j++) {
			lb[j]->valid = 0;
			brelse(lb[j]);
		}
		if (err)
			return err;
	}
	return 0;
}

static int take_header(uint i, struct buf **lb, uint k, void *arg)
{
	(void)i;
	(void)k;
	memmove(arg, lb[0]->data, BSIZE);
	return 0;
}

static int sum_copies(uint i, struct buf **lb, uint k, void *arg)
{
	(void)i;
	uint64 *sum = arg;
	for (uint j = 0; j < k; j++)
		*sum = logsum_block(*sum, lb[j]->data);
	return 0;
}

/*
 * Read half h's header into lg.hdr[h]: 1 if it is a valid commit (n in
 * range, checksum over it and its copies right), 0 if not (empty, torn,
 * or never written), -E_IO, or -E_CORRUPT for a valid one that names
 * impossible home blocks or sits in the wrong half.
 */
static int check_half(uint h)
{
	struct logheader *lh = &lg.hdr[h];
	uint at = lg.start + h * lg.half;
	int err = read_log_blocks(at, 1, take_header, lh);
	if (err)
		return err;
	if (lh->n == 0 || lh->n > lg.capacity)
		return 0;
	uint64 sum = logsum_header(lh);
	err = read_log_blocks(at + 1, lh->n, sum_copies, &sum);
	if (err)
		return err;
	if (sum != lh->sum)
		return 0;
	int bad = lh->seq % 2 != h;
	for (uint i = 0; i < lh->n && !bad; i++) {
		uint b = lh->block[i];
		bad = b < fs_sb.inodestart || b >= fs_sb.size; /* home blocks follow the log */
		for (uint j = 0; j < i && !bad; j++)
			bad = lh->block[j] == b;
	}
	if (bad) {
		fs_corrupt("log half %u: a valid header names %u blocks, some invalid", h, lh->n);
		return -E_CORRUPT;
	}
	return 1;
}

struct replay {
	const struct logheader *lh;   /* the half being replayed */
	const struct logheader *then; /* a newer commit replayed after it, or 0 */
};

/* Does commit lh hold block b? */
static int holds_block(const struct logheader *lh, uint b)
{
	for (uint i = 0; lh && i < lh->n; i++)
		if (lh->block[i] == b)
			return 1;
	return 0;
}

/*
 * Put a run of log copies (slots i..i+k-1) at their homes, all in flight
 * at once, skipping homes that already hold the copy (so mounting a disk
 * whose log is installed writes nothing) and homes the newer commit will
 * write anyway.
 */
static int put_home(uint i, struct buf **lb, uint k, void *arg)
{
	struct replay *r = arg;
	uint homes[BREAD_MANY_MAX], from[BREAD_MANY_MAX], m = 0;
	for (uint j = 0; j < k; j++)
		if (!holds_block(r->then, r->lh->block[i + j])) {
			from[m] = j;
			homes[m++] = r->lh->block[i + j];
		}
	struct buf *home[BREAD_MANY_MAX], *put[BREAD_MANY_MAX];
	int err = m ? bread_many(lg.dev, homes, (int)m, home) : 0;
	if (err)
		return err;
	uint nput = 0;
	for (uint j = 0; j < m; j++)
		if (memcmp(home[j]->data, lb[from[j]]->data, BSIZE) != 0) {
			memmove(home[j]->data, lb[from[j]]->data, BSIZE);
			put[nput++] = home[j];
		}
	err = bwrite_many(put, (int)nput);
	for (uint j = 0; j < nput && err; j++)
		put[j]->valid = 0; /* the disk may not hold it */
	for (uint j = 0; j < m; j++)
		brelse(home[j]);
	return err;
}

/* Copy half h's committed blocks home (lg.hdr[h] valid), but those of `then`; 0 or -E_IO. */
static int replay_half(uint h, const struct logheader *then)
{
	struct replay r = {.lh = &lg.hdr[h], .then = then};
	return read_log_blocks(lg.start + h * lg.half + 1, r.lh->n, put_home, &r);
}

/*
 * Replay what the disk's log holds; no operation running, no install in
 * flight.  The newer valid half, after the older one if that is exactly
 * one commit older (any other older header is stale: its installs were
 * made durable long ago), then a barrier; the sequence goes on above the
 * newer.  0, -E_IO or -E_CORRUPT.
 */
static int recover(void)
{
	int valid[2];
	for (uint h = 0; h < 2; h++) {
		valid[h] = check_half(h);
		if (valid[h] < 0)
			return valid[h];
	}
	lg.seq = 0;
	if (!valid[0] && !valid[1])
		return 0;
	uint newer = valid[0] && (!valid[1] || lg.hdr[0].seq > lg.hdr[1].seq) ? 0 : 1;
	uint older = 1 - newer;
	int err = 0;
	if (valid[older] && lg.hdr[older].seq + 1 == lg.hdr[newer].seq)
		err = replay_half(older, &lg.hdr[newer]);
	if (!err)
		err = replay_half(newer, 0);
	/* Even if nothing was written: what was read may be in a volatile cache. */
	if (!err)
		err = barrier(BARRIER_REPLAY);
	if (!err)
		lg.seq = lg.hdr[newer].seq;
	return err;
}

int log_init(uint dev, const struct superblock *sb)
{
	spin_init(&lg.lock, "log");
	lg.dev = dev;
	lg.start = sb->logstart;
	lg.half = LOG_HALF(*sb);
	lg.capacity = lg.half - 1; /* sb_validate: <= LOGHDR_MAX */
	lg.n = lg.ninst = 0;
	lg.nreq = 0;
	lg.outstanding = lg.committing = lg.readonly = 0;
	lg.unflushed = 0;
	uint64 skip;
	lg.skip_barrier = bootarg_uint("log_skip_barrier", &skip) == 0 ? (int)skip : -1;
	if (lg.skip_barrier >= 0)
		printf("fs: log_skip_barrier=%d: a crash may corrupt the disk\n", lg.skip_barrier);
	return recover();
}

/* Wait until no operation runs and nothing waits to be committed, then set committing. */
static int quiesce(void)
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
	return 0;
}

/* End what quiesce began, with err from the caller's work. */
static int unquiesce(int err)
{
	acquire(&lg.lock);
	lg.committing = 0;
	wakeup(&lg);
	release(&lg.lock);
	return err;
}

int log_restart(void)
{
	acquire(&lg.lock);
	KASSERT(lg.outstanding == 0 && !lg.committing);
	lg.committing = 1; /* keep begin_op out meanwhile */
	release(&lg.lock);
	bwrite_wait(lg.req, lg.nreq); /* a failure is repaired by the replay below */
	lg.nreq = 0;
	for (uint i = 0; i < lg.ninst; i++)
		bdiscard_pinned(lg.inst[i]);
	for (uint i = 0; i < lg.n; i++)
		bdiscard_pinned(lg.bufs[i]);
	lg.n = lg.ninst = 0;
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

int log_settle(void)
{
	int err = quiesce();
	if (err)
		return err;
	err = installs_finish();
	if (err)
		go_readonly("installing a committed transaction");
	return unquiesce(err);
}

int log_with_slots(int (*fn)(uint first, uint n, void *arg), void *arg)
{
	int err = quiesce();
	if (err)
		return err;
	/* The slots are free once both halves' installs are durable. */
	err = installs_finish();
	if (err)
		go_readonly("installing a committed transaction");
	if (!err && lg.unflushed)
		err = barrier(BARRIER_LEND);
	if (!err)
		err = fn(lg.start + 1, lg.capacity, arg);
	return unquiesce(err);
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
