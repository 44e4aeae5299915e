/*
 * test_fs_log.c: the write-ahead log.
 *   - replay: a committed transaction written into the log area by hand
 *     is installed by recovery (the code mount runs);
 *     and a header whose checksum fails is ignored, a valid one naming a
 *     bad block refused;
 *   - disk errors while committing (injected at the device): before the
 *     commit point the change is dropped, after it (an install fails)
 *     the change survives through replay; either way the file system
 *     turns read-only (writes -E_ROFS, reads go on) until restarted;
 *   - a commit leaves a valid header naming its blocks in its half;
 *   - log_sync commits blocks that an end_op_more left behind, and
 *     returns at once when nothing waits;
 *   - on a caching disk each commit sends one flush.
 */
#include "test/ktest.h"
#include "test/test_fs_util.h"
#include "fs/fs.h"
#include "fs/fsops.h"
#include "fs/inode.h"
#include "fs/bmap.h"
#include "fs/bcache.h"
#include "fs/log.h"
#include "fs/sbcheck.h"
#include "fs/idata.h"
#include "fs/diskbench.h"
#include "../abi/diskbench.h"
#include "dev/virtio_blk.h"
#include "mm/kmalloc.h"
#include "../abi/fcntl.h"
#include "lib/errno.h"
#include "lib/string.h"

/*
 * Write requests in a one-block overwrite's commit before its installs:
 * the header and the data and inode blocks' copies are consecutive log
 * blocks, one request.
 */
#define WRITES_TO_COMMIT_POINT 1

/* Disk address of file block 0 of path, or 0. */
static uint first_block(const char *path)
{
	struct inode *ip;
	if (fsop_open(0, path, O_RDONLY, &ip) != 0)
		return 0;
	uint addr = 0;
	if (ilock(ip) == 0) {
		if (bmap(ip, 0, 0, &addr) != 0)
			addr = 0;
		iunlock(ip);
	}
	inode_put(ip);
	return addr;
}

/* Does path's first block hold BSIZE bytes of c? */
static int holds(const char *path, char c, char *buf)
{
	if (tfs_read_file(path, buf, 0, BSIZE) != BSIZE)
		return 0;
	for (int i = 0; i < BSIZE; i++)
		if (buf[i] != c)
			return 0;
	return 1;
}

static int fill_file(const char *path, char c, char *buf)
{
	memset(buf, c, BSIZE);
	struct inode *ip;
	int err = fsop_open(0, path, O_CREATE | O_RDWR, &ip);
	if (err)
		return err;
	int r = inode_write(ip, 0, (uint64)buf, 0, BSIZE);
	inode_put(ip);
	return r;
}

/* Write one block straight to the disk (no log): 0 or -E_IO. */
static int raw_write(uint blockno, const void *data)
{
	struct buf *b = bnew(fs_dev, blockno);
	memmove(b->data, data, BSIZE);
	int err = bwrite(b);
	brelse(b);
	return err;
}

/* Read one block from the disk itself (not the cache): 0 or -E_IO. */
static int raw_read(uint blockno, void *data)
{
	struct vblk_req r = {.blockno = blockno, .data = data, .write = 0};
	return virtio_blk_rw(&r);
}

/*
 * Half h's header as the disk holds it, into lh (BSIZE bytes): 1 if it is
 * a valid commit (its checksum over it and its copies holds), else 0.
 */
static int disk_half(uint h, struct logheader *lh, char *scratch)
{
	uint at = LOG_HALF_START(fs_sb, h);
	if (raw_read(at, lh) != 0 || lh->n == 0 || lh->n >= LOG_HALF(fs_sb))
		return 0;
	uint64 sum = logsum_header(lh);
	for (uint i = 0; i < lh->n; i++) {
		if (raw_read(at + 1 + i, scratch) != 0)
			return 0;
		sum = logsum_block(sum, scratch);
	}
	return sum == lh->sum;
}

/* The newest valid commit's sequence number on the disk (0: none); lh, scratch: BSIZE each. */
static uint64 disk_newest(struct logheader *lh, char *scratch, uint *half)
{
	uint64 seq = 0;
	for (uint h = 0; h < 2; h++)
		if (disk_half(h, lh, scratch) && lh->seq > seq) {
			seq = lh->seq;
			*half = h;
		}
	return seq;
}

/*
 * Write commit seq by hand: slot 0 of its half holds BSIZE bytes of c for
 * block addr; the checksum is right, or off by one if `torn`.
 */
static int hand_commit(uint64 seq, uint addr, char c, int torn, char *buf)
{
	uint at = LOG_HALF_START(fs_sb, seq % 2);
	memset(buf, c, BSIZE);
	if (raw_write(at + 1, buf) != 0)
		return -E_IO;
	struct logheader *lh = kmalloc(BSIZE);
	if (!lh)
		return -E_NOMEM;
	memset(lh, 0, BSIZE);
	lh->seq = seq;
	lh->n = 1;
	lh->block[0] = addr;
	lh->sum = logsum_block(logsum_header(lh), buf) + (uint64)(torn != 0);
	int err = raw_write(at, lh);
	kfree(lh);
	return err;
}

KTEST(fs_log_replay)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	char *buf = kmalloc(BSIZE);
	KT_CHECK(buf);
	int ok = fill_file("/t_replay", 'A', buf) == BSIZE;
	uint addr = first_block("/t_replay");
	TSTEP(ok, addr != 0 && holds("/t_replay", 'A', buf));
	/* A committed transaction by hand, newer than the last real one: 'B's for addr. */
	struct logheader *lh = kmalloc(BSIZE);
	char *scratch = kmalloc(BSIZE);
	TSTEP(ok, lh && scratch && log_settle() == 0);
	uint half = 0;
	uint64 seq = ok ? disk_newest(lh, scratch, &half) + 1 : 0;
	TSTEP(ok, seq > 1 && hand_commit(seq, addr, 'B', 0, buf) == 0);
	TSTEP(ok, log_restart() == 0);
	TSTEP(ok, holds("/t_replay", 'B', buf));
	/* A newer one whose checksum fails (a torn commit) is ignored. */
	TSTEP(ok, hand_commit(seq + 1, addr, 'C', 1, buf) == 0);
	TSTEP(ok, log_restart() == 0 && holds("/t_replay", 'B', buf));
	TSTEP(ok, disk_newest(lh, scratch, &half) == seq && half == seq % 2);
	/* A valid one naming the superblock is refused, not replayed. */
	TSTEP(ok, hand_commit(seq + 1, SB_BLOCK, 'C', 0, buf) == 0);
	fs_quiet = 1;
	TSTEP(ok, log_restart() == -E_CORRUPT && log_readonly());
	fs_quiet = 0;
	memset(buf, 0, BSIZE);
	TSTEP(ok, raw_write(LOG_HALF_START(fs_sb, (seq + 1) % 2), buf) == 0 && log_restart() == 0);
	TSTEP(ok, holds("/t_replay", 'B', buf));
	kfree(lh);
	kfree(scratch);
	TSTEP(ok, fsop_unlink(0, "/t_replay") == 0);
	kfree(buf);
	KT_CHECK(ok);
	KT_CHECK(fs_snap_same(&before));
}

/* Overwrite the file's block with c while the device fails one write after `skip`. */
static int write_with_failure(const char *path, char c, char *buf, int skip)
{
	memset(buf, c, BSIZE);
	struct inode *ip;
	int err = fsop_open(0, path, O_RDWR, &ip);
	if (err)
		return err;
	virtio_blk_fail_after(skip, 1, 1);
	int r = inode_write(ip, 0, (uint64)buf, 0, BSIZE);
	virtio_blk_fail_after(0, 0, 0);
	inode_put(ip);
	return r;
}

KTEST(fs_log_io_error)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	char *buf = kmalloc(BSIZE);
	KT_CHECK(buf);
	struct inode *ip;
	int ok = fill_file("/t_ioerr", 'A', buf) == BSIZE;
	fs_quiet = virtio_blk_quiet = 1;
	uint64 c0 = log_commits();

	/* 1. Writing the log fails: not committed, the old data stays. */
	TSTEP(ok, write_with_failure("/t_ioerr", 'B', buf, 0) == -E_IO);
	TSTEP(ok, log_readonly() && log_commits() == c0);
	TSTEP(ok, fsop_mkdir(0, "/t_ro") == -E_ROFS);
	TSTEP(ok, fsop_open(0, "/t_ro", O_CREATE | O_RDWR, &ip) == -E_ROFS);
	TSTEP(ok, fill_file("/t_ioerr", 'C', buf) == -E_ROFS);
	TSTEP(ok, holds("/t_ioerr", 'A', buf)); /* reads go on, and see the old data */
	TSTEP(ok, log_restart() == 0 && !log_readonly());
	TSTEP(ok, holds("/t_ioerr", 'A', buf));

	/* 2. Committed, then installing fails: write() has returned (the
	 * installs are not waited for); the next wait for them finds the
	 * error and stops the log; the change survives via replay. */
	TSTEP(ok, write_with_failure("/t_ioerr", 'D', buf, WRITES_TO_COMMIT_POINT) == BSIZE);
	TSTEP(ok, log_commits() == c0 + 1);
	TSTEP(ok, log_settle() == -E_IO && log_readonly());
	TSTEP(ok, holds("/t_ioerr", 'D', buf));
	TSTEP(ok, log_restart() == 0);
	TSTEP(ok, holds("/t_ioerr", 'D', buf));

	/* 3. The same, found by the next commit: it still commits, then the log stops. */
	TSTEP(ok, write_with_failure("/t_ioerr", 'E', buf, WRITES_TO_COMMIT_POINT) == BSIZE);
	TSTEP(ok, fill_file("/t_ioerr", 'F', buf) == BSIZE && log_readonly());
	TSTEP(ok, log_commits() == c0 + 3);
	TSTEP(ok, log_restart() == 0 && holds("/t_ioerr", 'F', buf));

	fs_quiet = virtio_blk_quiet = 0;
	TSTEP(ok, fsop_unlink(0, "/t_ioerr") == 0);
	kfree(buf);
	KT_CHECK(ok);
	KT_CHECK(fs_snap_same(&before));
}

/*
 * A commit leaves a valid header in its half, newer than the other's,
 * naming the blocks it changed.  Read from the device itself, not the
 * cache.
 */
KTEST(fs_log_header_valid)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	char *buf = kmalloc(BSIZE);
	struct logheader *lh = kmalloc(BSIZE);
	KT_CHECK(buf && lh);
	uint half = 0;
	int ok = fill_file("/t_hdr", 'H', buf) == BSIZE;
	uint64 seq = ok ? disk_newest(lh, buf, &half) : 0;
	uint addr = first_block("/t_hdr");
	TSTEP(ok, fill_file("/t_hdr", 'I', buf) == BSIZE);
	TSTEP(ok, disk_newest(lh, buf, &half) == seq + 1 && half == (seq + 1) % 2);
	int named = 0;
	for (uint i = 0; ok && i < lh->n; i++)
		named |= lh->block[i] == addr;
	TSTEP(ok, named);
	TSTEP(ok, fsop_unlink(0, "/t_hdr") == 0);
	kfree(buf);
	kfree(lh);
	KT_CHECK(ok);
	KT_CHECK(fs_snap_same(&before));
}

KTEST(fs_log_sync)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	char *buf = kmalloc(BSIZE);
	KT_CHECK(buf);
	int ok = fill_file("/t_sync", 'S', buf) == BSIZE;
	struct inode *ip = 0;
	TSTEP(ok, fsop_open(0, "/t_sync", O_RDWR, &ip) == 0);
	uint64 commits = log_commits();
	TSTEP(ok, log_sync() == 0 && log_commits() == commits); /* nothing to commit */
	/* One chunk of a "larger write": end_op_more leaves it uncommitted. */
	TSTEP(ok, begin_op() == 0);
	if (ok) {
		int w = -1;
		if (ilock(ip) == 0) {
			w = writei(ip, 0, (uint64)buf, 0, BSIZE);
			iunlock(ip);
		}
		int e = end_op_more();
		TSTEP(ok, w == BSIZE && e == 0);
	}
	TSTEP(ok, log_commits() == commits);
	TSTEP(ok, log_sync() == 0 && log_commits() == commits + 1);
	/* Installed at home once settled. */
	uint addr = first_block("/t_sync");
	TSTEP(ok, addr != 0 && log_settle() == 0 && raw_read(addr, buf) == 0);
	for (int i = 0; ok && i < BSIZE; i++)
		ok = buf[i] == 'S';
	if (ip)
		inode_put(ip);
	TSTEP(ok, fsop_unlink(0, "/t_sync") == 0);
	kfree(buf);
	KT_CHECK(ok);
	KT_CHECK(fs_snap_same(&before));
}

/*
 * On a disk with a write cache every commit sends its barrier: one flush
 * (log.c's step 3), however many blocks it holds.
 */
KTEST(fs_log_barriers)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	char *buf = kmalloc(BSIZE);
	KT_CHECK(buf);
	int ok = fill_file("/t_bar", 'F', buf) == BSIZE; /* leaves installs to wait for */
	struct vblk_stats s0, s1;
	virtio_blk_stats(&s0);
	uint64 c0 = log_commits();
	TSTEP(ok, fill_file("/t_bar", 'G', buf) == BSIZE);
	virtio_blk_stats(&s1);
	uint64 commits = log_commits() - c0;
	uint64 flushes = s1.flushes - s0.flushes;
	TSTEP(ok, commits >= 1);
	TSTEP(ok, virtio_blk_has_cache()); /* make ktest's disk is cache=writeback */
	TSTEP(ok, flushes == commits);
	TSTEP(ok, holds("/t_bar", 'G', buf));
	TSTEP(ok, fsop_unlink(0, "/t_bar") == 0);
	kfree(buf);
	KT_CHECK(ok);
	KT_CHECK(fs_snap_same(&before));
}

#define RUN_BLOCKS 32 /* one write transaction's worth of new file blocks */
/* Its commit: the header and body (1 request: the blocks are consecutive),
 * the installs (the file's run, its inode, bitmap and indirect blocks: a
 * few requests). */
#define RUN_COMMIT_MAX_REQS 10

/*
 * A commit is a handful of requests, not one per block: the log body goes
 * out as one request, the installs sorted and merged.  The data reads
 * back from the disk itself (the cache's clean blocks dropped first).
 */
KTEST(fs_log_merged_requests)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	char *buf = kmalloc(RUN_BLOCKS * BSIZE);
	KT_CHECK(buf);
	for (int i = 0; i < RUN_BLOCKS * BSIZE; i++)
		buf[i] = (char)(i / BSIZE + 'a');
	struct inode *ip;
	int ok = fsop_open(0, "/t_merge", O_CREATE | O_RDWR, &ip) == 0;
	TSTEP(ok, log_sync() == 0);
	struct vblk_stats s0, s1;
	virtio_blk_stats(&s0);
	uint64 c0 = log_commits();
	TSTEP(ok, inode_write(ip, 0, (uint64)buf, 0, RUN_BLOCKS * BSIZE) == RUN_BLOCKS * BSIZE);
	virtio_blk_stats(&s1);
	TSTEP(ok, log_commits() == c0 + 1);
	TSTEP(ok, s1.writes - s0.writes >= 2 * RUN_BLOCKS); /* logged, then installed */
	TSTEP(ok, s1.write_reqs - s0.write_reqs <= RUN_COMMIT_MAX_REQS);
	if (ok)
		inode_put(ip);
	/* From the disk: nothing of the file is left in the cache (its
	 * installs done, so its blocks are no longer pinned). */
	TSTEP(ok, log_settle() == 0 && bdrop_clean(fs_dev) > 0);
	memset(buf, 0, RUN_BLOCKS * BSIZE);
	virtio_blk_stats(&s0);
	TSTEP(ok, tfs_read_file("/t_merge", buf, 0, RUN_BLOCKS * BSIZE) == RUN_BLOCKS * BSIZE);
	virtio_blk_stats(&s1);
	for (int i = 0; i < RUN_BLOCKS * BSIZE && ok; i++)
		ok = buf[i] == (char)(i / BSIZE + 'a');
	TSTEP(ok, s1.read_reqs - s0.read_reqs < RUN_BLOCKS / 2); /* read ahead in runs */
	TSTEP(ok, fsop_unlink(0, "/t_merge") == 0);
	kfree(buf);
	KT_CHECK(ok);
	KT_CHECK(fs_snap_same(&before));
}

/* The device loop borrows the log's slots and leaves the file system as it was. */
KTEST(fs_log_device_loop)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	char *buf = kmalloc(BSIZE);
	KT_CHECK(buf);
	int ok = fill_file("/t_dev", 'L', buf) == BSIZE;
	TSTEP(ok, diskbench_io(1, 2 * fs_sb.nlog) == 0); /* twice round the slots */
	TSTEP(ok, diskbench_io(0, 2 * fs_sb.nlog) == 0);
	TSTEP(ok, diskbench_io(1, 0) == -E_INVAL);
	TSTEP(ok, diskbench_io(0, DISKBENCH_MAX_KIB + 1) == -E_INVAL);
	TSTEP(ok, bdrop_clean(fs_dev) >= 0 && holds("/t_dev", 'L', buf));
	TSTEP(ok, fill_file("/t_dev", 'M', buf) == BSIZE); /* the log still works */
	TSTEP(ok, log_restart() == 0 && holds("/t_dev", 'M', buf));
	TSTEP(ok, fsop_unlink(0, "/t_dev") == 0);
	kfree(buf);
	KT_CHECK(ok);
	KT_CHECK(fs_snap_same(&before));
}
