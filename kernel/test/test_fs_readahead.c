/*
 * test_fs_readahead.c: asynchronous read-ahead (bprefetch) against the
 * buffer cache's rules: a file changed, truncated or unlinked while its
 * blocks are being read ahead reads back right and gives its blocks
 * back; with the cache nearly all in use, read-ahead takes only the free
 * buffers (it never waits for one) and reads stay correct.
 */
#include "test/ktest.h"
#include "test/test_fs_util.h"
#include "fs/fs.h"
#include "fs/fsops.h"
#include "fs/inode.h"
#include "fs/bmap.h"
#include "fs/bcache.h"
#include "dev/virtio_blk.h"
#include "mm/kmalloc.h"
#include "../abi/fcntl.h"
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
