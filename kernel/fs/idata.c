/*
 * idata.c: file contents, block by block.
 *
 * Read-ahead: readi first starts reading the blocks of the read, and a
 * window beyond it, with bprefetch (runs of consecutive blocks become one
 * disk request each, all in flight at once, none waited for), then copies
 * them out READ_BATCH blocks at a time (bread_many, which waits only for
 * the blocks it copies).  A read that starts where
 * the last one ended (ip->ra_off) is sequential: the window starts at
 * RA_MIN blocks and doubles, up to RA_MAX, with each such read; any other
 * read has no read-ahead (exec's and lookups' scattered small reads would
 * pay for blocks they never use) and sets the window back to none.
 * Blocks below ip->ra_edge were prefetched already; the next prefetch
 * starts when a read comes within half a window of that edge, so small
 * sequential reads still make requests of a whole window.  The window's
 * block addresses come from bmap_run (each indirect block read once),
 * and the indirect block of the window after it is read ahead as well.
 * writei changes blocks through the log.
 *
 * Locking: the caller holds the inode's lock (and, for writei, a
 * transaction); data blocks are used under their buffer locks.
 */
#include "fs/idata.h"
#include "fs/inode.h"
#include "fs/bmap.h"
#include "fs/bcache.h"
#include "fs/log.h"
#include "fs/pagecache.h"
#include "dev/rtc.h"
#include "proc/uaccess.h"
#include "lib/errno.h"
#include "lib/panic.h"

#define READ_BATCH BREAD_MANY_MAX /* blocks locked and copied out at a time */
#define RA_MIN 8                  /* read-ahead window of a first or random read, blocks */
#define RA_MAX BPREFETCH_MAX      /* the most it grows to: one request's worth */
_Static_assert(READ_BATCH <= BREAD_MANY_MAX, "read batch too big for bread_many");
_Static_assert(WRITE_TX_DATA_BLOCKS >= 32, "a write transaction should carry 32 data blocks");

static const uchar zeros[BSIZE];

static uint min_u(uint a, uint b)
{
	return a < b ? a : b;
}

/* Read and copy out the blocks of [off, off + n) from block off / BSIZE on, at most READ_BATCH. */
static int read_batch(struct inode *ip, int user_dst, uint64 dst, uint off, uint n)
{
	uint first = off / BSIZE, last = (off + n - 1) / BSIZE;
	uint nb = min_u(last - first + 1, READ_BATCH);
	uint addr[READ_BATCH], disk[READ_BATCH];
	struct buf *bufs[READ_BATCH];
	int nd = 0;
	int err = bmap_run(ip, first, nb, addr);
	if (err)
		return err;
	for (uint i = 0; i < nb; i++)
		if (addr[i])
			disk[nd++] = addr[i];
	err = bread_many(ip->dev, disk, nd, bufs);
	if (err == -E_INVAL) {
		fs_corrupt("inode %u names one block twice", ip->inum);
		return -E_CORRUPT;
	}
	if (err)
		return err;
	uint done = 0;
	int k = 0;
	for (uint i = 0; i < nb && done < n && !err; i++) {
		uint at = (off + done) % BSIZE;
		uint m = min_u(n - done, BSIZE - at);
		const uchar *src = addr[i] ? bufs[k++]->data + at : zeros;
		if (either_copyout(user_dst, dst + done, src, m) < 0)
			err = -E_FAULT;
		else
			done += m;
	}
	for (int i = 0; i < nd; i++)
		brelse(bufs[i]);
	return done > 0 ? (int)done : err;
}

/* Start reading file blocks [first, end) ahead: at most RA_MAX; holes are skipped. */
static void prefetch(struct inode *ip, uint first, uint end)
{
	uint addr[RA_MAX];
	uint n = min_u(end - first, RA_MAX);
	if (bmap_run(ip, first, n, addr) == 0) /* a bad address: the read itself reports it */
		bprefetch(ip->dev, addr, (int)n);
}

/* Start reading the indirect block that names file block bn, if it has one. */
static void prefetch_leaf(struct inode *ip, uint bn)
{
	uint leaf;
	if (bmap_leaf(ip, bn, &leaf) == 0 && leaf != 0)
		bprefetch(ip->dev, &leaf, 1);
}

int readi(struct inode *ip, int user_dst, uint64 dst, uint off, uint n)
{
	KASSERT(holding_sleep(&ip->lock));
	if (off >= ip->size || n == 0)
		return 0;
	n = min_u(n, ip->size - off);
	uint first = off / BSIZE, end = (off + n - 1) / BSIZE + 1;
	uint file_end = (ip->size + BSIZE - 1) / BSIZE;
	int seq = off == ip->ra_off;
	ip->ra_off = off + n;
	if (!seq) {
		/* A first or random read: no read-ahead (its own blocks go
		 * through bread_many, runs merged); a next read from here on
		 * starts the window. */
		ip->ra_win = 0;
		ip->ra_edge = end;
	} else {
		ip->ra_win = ip->ra_win ? min_u(ip->ra_win * 2, RA_MAX) : RA_MIN;
	}
	if (seq && end + ip->ra_win / 2 > ip->ra_edge) {
		/* What this read still needs and a window after it, in RA_MAX pieces. */
		uint from = ip->ra_edge > first ? ip->ra_edge : first;
		uint ahead = min_u(end + ip->ra_win, file_end);
		for (uint b = from; b < ahead; b += RA_MAX)
			prefetch(ip, b, min_u(b + RA_MAX, ahead));
		if (ahead > ip->ra_edge)
			ip->ra_edge = ahead;
		/* The indirect block the next window needs, a window early, so
		 * that window's bmap_run does not wait for the disk. */
		if (ahead < file_end)
			prefetch_leaf(ip, min_u(ahead + ip->ra_win, file_end) - 1);
	}
	uint tot = 0;
	while (tot < n) {
		int r = read_batch(ip, user_dst, dst + tot, off + tot, n - tot);
		if (r <= 0)
			return tot > 0 ? (int)tot : r;
		tot += (uint)r;
	}
	return (int)tot;
}

int writei(struct inode *ip, int user_src, uint64 src, uint off, uint n)
{
	KASSERT(holding_sleep(&ip->lock));
	const uint64 max = (uint64)MAXFILE * BSIZE;
	if (off >= max)
		return -E_FBIG;
	if ((uint64)off + n > max)
		n = (uint)(max - off);
	uint tot = 0;
	int err = 0;
	while (tot < n) {
		uint at = (off + tot) % BSIZE, m = min_u(n - tot, BSIZE - at), addr;
		err = bmap(ip, (off + tot) / BSIZE, 1, &addr);
		if (err)
			break;
		struct buf *b = bread(ip->dev, addr);
		if (!b) {
			err = -E_IO;
			break;
		}
		/* On a fault the block may be half copied: log it all the same. */
		err = either_copyin(user_src, b->data + at, src + tot, m) < 0 ? -E_FAULT : 0;
		pagecache_write(ip, off + tot, b->data + at, m); /* mappings see it at once */
		log_write(b);
		brelse(b);
		if (err)
			break;
		tot += m;
	}
	if (off + tot > ip->size)
		ip->size = off + tot;
	/* A write that stopped short past the end (a fault in the copy, the
	 * disk full after an indirect block) may have allocated a block it
	 * never filled: nothing may lie past the size, so such blocks go. */
	if (err && (uint64)off + n > ip->size) {
		int terr = itrunc_to(ip, ip->size);
		if (terr && tot == 0)
			err = terr;
	}
	if (tot > 0)
		ip->mtime = rtc_seconds();
	int uerr = iupdate(ip); /* addrs may have changed even on failure */
	if (tot > 0)
		return (int)tot;
	return err ? err : uerr;
}
