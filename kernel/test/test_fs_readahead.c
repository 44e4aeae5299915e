/*
 * test_fs_readahead.c: asynchronous read-ahead (bprefetch) against the
 * buffer cache's rules: a file changed, truncated or unlinked while its
 * blocks are being read ahead reads back right and gives its blocks
 * back; with the cache nearly all in use, read-ahead takes only the free
 * buffers (it never waits for one) and reads stay correct; a bad
 * address in an indirect block is reported for the reads that need it.
 */
#include "test/ktest.h"
#include "test/test_fs_util.h"
#include "fs/fs.h"
#include "fs/fsops.h"
#include "fs/inode.h"
#include "fs/bmap.h"
#include "fs/bcache.h"
#include "fs/log.h"
#include "dev/virtio_blk.h"
#include "mm/kmalloc.h"
#include "../abi/fcntl.h"
#include "lib/errno.h"
#include "lib/string.h"

#define RA_WIN BPREFETCH_MAX        /* blocks one bprefetch call reads ahead */
#define RA_LEN (2 * RA_WIN * BSIZE) /* the race test's file: two windows */
#define RA_CHUNK (RA_WIN * BSIZE)   /* read and write size */
#define RA_SEED 5
#define RA_SEED2 6
#define RA_FREE_LEFT (2 * BREAD_MANY_MAX) /* buffers left free under pressure: < RA_WIN */

/* Start reading file blocks [first, first + n) ahead, as readi does; 0 or an error. */
static int start_ra(struct inode *ip, uint first, uint n)
{
	uint addr[BPREFETCH_MAX];
	int err = ilock(ip);
	if (err)
		return err;
	err = bmap_run(ip, first, n, addr);
	if (!err)
		bprefetch(ip->dev, addr, (int)n);
	iunlock(ip);
	return err;
}

/* 1 if ip's bytes [off, off + n) hold the pattern of seed. */
static int holds(struct inode *ip, char *buf, uint off, uint n, uint seed)
{
	return inode_read(ip, 0, (uint64)buf, off, n) == (int)n &&
	       tfs_check_pattern(buf, n, off, seed);
}

KTEST(fs_readahead_race)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	char *buf = kmalloc(RA_CHUNK);
	KT_CHECK(buf);
	struct inode *ip = 0;
	int ok = 1;
	TSTEP(ok, fsop_open(0, "/t_ra", O_CREATE | O_RDWR, &ip) == 0);
	for (uint off = 0; ok && off < RA_LEN; off += RA_CHUNK) {
		tfs_pattern(buf, RA_CHUNK, off, RA_SEED);
		TSTEP(ok, inode_write(ip, 0, (uint64)buf, off, RA_CHUNK) == RA_CHUNK);
	}
	/* Overwritten while being read ahead: the write waits for the read,
	 * and the new data is what reads see. */
	struct vblk_stats s0, s1;
	bdrop_clean(fs_dev);
	virtio_blk_stats(&s0);
	TSTEP(ok, start_ra(ip, 0, RA_WIN) == 0);
	tfs_pattern(buf, RA_CHUNK / 2, 0, RA_SEED2);
	TSTEP(ok, inode_write(ip, 0, (uint64)buf, 0, RA_CHUNK / 2) == RA_CHUNK / 2);
	virtio_blk_stats(&s1);
	/* The read-ahead went to the disk, and the write waited for it rather
	 * than reading its blocks again (a few more: the indirect and inode blocks). */
	TSTEP(ok, s1.reads - s0.reads >= RA_WIN && s1.reads - s0.reads < RA_WIN + RA_WIN / 4);
	TSTEP(ok, holds(ip, buf, 0, RA_CHUNK / 2, RA_SEED2));
	TSTEP(ok, holds(ip, buf, RA_CHUNK / 2, RA_CHUNK / 2, RA_SEED));
	/* Truncated while the second window is read ahead. */
	bdrop_clean(fs_dev);
	TSTEP(ok, start_ra(ip, RA_WIN, RA_WIN) == 0);
	TSTEP(ok, inode_truncate(ip, RA_CHUNK + RA_CHUNK / 2) == 0);
	TSTEP(ok, holds(ip, buf, RA_CHUNK, RA_CHUNK / 2, RA_SEED));
	TSTEP(ok, inode_read(ip, 0, (uint64)buf, RA_CHUNK + RA_CHUNK / 2, RA_CHUNK) == 0);
	/* Grown again: the freed blocks' old contents must not come back. */
	TSTEP(ok, inode_truncate(ip, RA_LEN) == 0);
	TSTEP(ok, inode_read(ip, 0, (uint64)buf, RA_CHUNK + RA_CHUNK / 2, RA_CHUNK / 2) ==
	              RA_CHUNK / 2);
	int zero = 1;
	for (uint i = 0; i < RA_CHUNK / 2; i++)
		zero = zero && buf[i] == 0;
	TSTEP(ok, zero);
	/* Unlinked and freed while read ahead: the blocks come back. */
	bdrop_clean(fs_dev);
	TSTEP(ok, start_ra(ip, 0, RA_WIN) == 0);
	TSTEP(ok, fsop_unlink(0, "/t_ra") == 0);
	if (ip)
		inode_put(ip);
	kfree(buf);
	KT_CHECK(ok);
	KT_CHECK(fs_snap_same(&before));
}

/* Pin (bread + bpin) or unpin the buffers of blocks [first, first + n). */
static int pin_range(uint first, uint n, int pin)
{
	uint addr[BPREFETCH_MAX];
	for (uint b = first; b < first + n; b += BPREFETCH_MAX) {
		uint k = first + n - b < BPREFETCH_MAX ? first + n - b : BPREFETCH_MAX;
		for (uint i = 0; i < k; i++)
			addr[i] = b + i;
		if (pin)
			bprefetch(fs_dev, addr, (int)k); /* the reads in flight together */
		for (uint i = 0; i < k; i++) {
			struct buf *bp = bread(fs_dev, b + i);
			if (!bp)
				return -1;
			if (pin) {
				bpin(bp);
				brelse(bp);
			} else {
				brelse(bp);
				bunpin(bp);
			}
		}
	}
	return 0;
}

KTEST(fs_readahead_pressure)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	char *buf = kmalloc(RA_CHUNK);
	KT_CHECK(buf);
	int ok = 1;
	tfs_pattern(buf, RA_CHUNK, 0, RA_SEED);
	TSTEP(ok, tfs_write_file("/t_rap", buf, RA_CHUNK) == RA_CHUNK);
	/* The write's installs keep their buffers pinned until the next
	 * commit; with those the pins below would outnumber the cache. */
	TSTEP(ok, log_settle() == 0);
	/* All but RA_FREE_LEFT buffers pinned, on blocks at the disk's end
	 * (read only, whatever they hold). */
	uint npin = (uint)(bcache_nbuf() - RA_FREE_LEFT);
	uint first = fs_sb.size - npin;
	int pinned = ok && pin_range(first, npin, 1) == 0;
	TSTEP(ok, pinned);
	struct inode *ip = 0;
	TSTEP(ok, fsop_open(0, "/t_rap", O_RDONLY, &ip) == 0);
	bdrop_clean(fs_dev);
	struct vblk_stats s0, s1;
	virtio_blk_stats(&s0);
	if (ok)
		TSTEP(ok, start_ra(ip, 0, RA_WIN) == 0); /* more blocks than free buffers */
	virtio_blk_stats(&s1);
	TSTEP(ok, s1.reads - s0.reads < RA_WIN); /* it stopped at the first busy miss */
	/* Sequential reads, read-ahead on: right data with the cache tight. */
	for (uint round = 0; ok && round < 2; round++)
		for (uint off = 0; ok && off < RA_CHUNK; off += RA_CHUNK / 4)
			TSTEP(ok, holds(ip, buf, off, RA_CHUNK / 4, RA_SEED));
	if (ip)
		inode_put(ip);
	if (pinned)
		TSTEP(ok, pin_range(first, npin, 0) == 0);
	TSTEP(ok, fsop_unlink(0, "/t_rap") == 0);
	kfree(buf);
	KT_CHECK(ok);
	KT_CHECK(fs_snap_same(&before));
}

#define BAD_ENTRY 20    /* the indirect block's entry made bad: file block NDIRECT + 20 */
#define BAD_PAST_END 10 /* the bad address: this far past the disk's end */

/* Set entry `idx` of indirect block ind to a (through the log); the old value in *old. */
static int set_entry(uint ind, uint idx, uint a, uint *old)
{
	int err = begin_op();
	if (err)
		return err;
	struct buf *b = bread(fs_dev, ind);
	if (b) {
		*old = ((uint *)b->data)[idx];
		((uint *)b->data)[idx] = a;
		log_write(b);
		brelse(b);
	}
	err = end_op();
	return b ? err : -E_IO;
}

/* A bad address in an indirect block: bmap_run reports it for the reads
 * that need that block (the read-ahead just skips the window), and the
 * blocks around it still read. */
KTEST(fs_readahead_corrupt)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	char *buf = kmalloc(RA_CHUNK);
	KT_CHECK(buf);
	int ok = 1;
	uint64 c0 = fs_corruptions();
	tfs_pattern(buf, RA_CHUNK, 0, RA_SEED);
	TSTEP(ok, tfs_write_file("/t_rac", buf, RA_CHUNK) == RA_CHUNK);
	struct inode *ip = 0;
	TSTEP(ok, fsop_open(0, "/t_rac", O_RDONLY, &ip) == 0);
	uint ind = 0, old = 0;
	if (ok && ilock(ip) == 0) {
		ind = ip->addrs[IND_SLOT];
		iunlock(ip);
	}
	TSTEP(ok, ind != 0);
	int changed = ok && set_entry(ind, BAD_ENTRY, fs_sb.size + BAD_PAST_END, &old) == 0;
	TSTEP(ok, changed);
	fs_quiet = 1;
	bdrop_clean(fs_dev);
	const uint bad_off = (NDIRECT + BAD_ENTRY) * BSIZE;
	/* From the start: a short read that stops before the bad block, data right. */
	int r = ok ? inode_read(ip, 0, (uint64)buf, 0, RA_CHUNK) : 0;
	TSTEP(ok, r > 0 && (uint)r <= bad_off && tfs_check_pattern(buf, (uint)r, 0, RA_SEED));
	TSTEP(ok, inode_read(ip, 0, (uint64)buf, bad_off, BSIZE) == -E_CORRUPT);
	TSTEP(ok, holds(ip, buf, bad_off + BSIZE, BSIZE, RA_SEED)); /* the next block */
	TSTEP(ok, fs_corruptions() > c0);
	fs_quiet = 0;
	if (changed)
		TSTEP(ok, set_entry(ind, BAD_ENTRY, old, &old) == 0);
	TSTEP(ok, holds(ip, buf, 0, RA_CHUNK, RA_SEED));
	if (ip)
		inode_put(ip);
	TSTEP(ok, fsop_unlink(0, "/t_rac") == 0);
	kfree(buf);
	KT_CHECK(ok);
	KT_CHECK(fs_snap_same(&before));
}
