/*
 * bmap.c: mapping file blocks to disk blocks, and freeing them all.
 *
 * File block bn lives in addrs[bn] (bn < NDIRECT), in the single-indirect
 * block addrs[IND_SLOT] (next NINDIRECT), or two levels down from the
 * double-indirect block addrs[DIND_SLOT] (next NINDIRECT^2).  Address 0
 * means "not allocated" (a hole).  Every address read from an inode or an
 * indirect block is checked to be a data block before it is used: a bad
 * one is reported as corruption and never read or written.
 *
 * Shrinking (itrunc_to) frees every block past the new end, top-down:
 * a whole subtree past it goes at once, one that straddles it is entered
 * and trimmed, and the kept part of the last block is cut to zeros so a
 * later growth reads zeros there.
 *
 * Locking: the caller holds the inode's lock; indirect blocks are changed
 * under their buffer locks, via the log.
 */
#include "fs/bmap.h"
#include "fs/inode.h"
#include "fs/balloc.h"
#include "fs/bcache.h"
#include "fs/log.h"
#include "dev/rtc.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"

#define MAX_DEPTH 2 /* double indirect */

/* Which slot of addrs[] and which entries of the indirect blocks below it. */
struct blkpath {
	int slot;
	int depth;
	uint idx[MAX_DEPTH];
};

static int path_of(uint bn, struct blkpath *p)
{
	if (bn < NDIRECT) {
		*p = (struct blkpath){(int)bn, 0, {0, 0}};
		return 0;
	}
	bn -= NDIRECT;
	if (bn < NINDIRECT) {
		*p = (struct blkpath){IND_SLOT, 1, {bn, 0}};
		return 0;
	}
	bn -= NINDIRECT;
	if (bn < NDINDIRECT) {
		*p = (struct blkpath){DIND_SLOT, 2, {bn / NINDIRECT, bn % NINDIRECT}};
		return 0;
	}
	return -E_FBIG;
}

static int check_addr(struct inode *ip, uint addr)
{
	if (addr == 0 || fs_is_data_block(addr))
		return 0;
	fs_corrupt("inode %u names block %u outside the data area", ip->inum, addr);
	return -E_CORRUPT;
}

/* A new block for ip, near its previous one. */
static int new_block(struct inode *ip, uint *out)
{
	int err = balloc(ip->dev, ip->alloc_hint, out);
	if (!err)
		ip->alloc_hint = *out;
	return err;
}

int bmap(struct inode *ip, uint bn, int alloc, uint *out)
{
	KASSERT(holding_sleep(&ip->lock));
	struct blkpath p;
	int err = path_of(bn, &p);
	if (err)
		return err;
	uint addr = ip->addrs[p.slot];
	if ((err = check_addr(ip, addr)) != 0)
		return err;
	if (addr == 0) {
		if (!alloc)
			goto hole;
		if ((err = new_block(ip, &addr)) != 0)
			return err;
		ip->addrs[p.slot] = addr;
	}
	for (int d = 0; d < p.depth; d++) {
		struct buf *b = bread(ip->dev, addr);
		if (!b)
			return -E_IO;
		uint *entries = (uint *)b->data;
		uint next = entries[p.idx[d]];
		if ((err = check_addr(ip, next)) != 0) {
			brelse(b);
			return err;
		}
		if (next == 0) {
			if (!alloc) {
				brelse(b);
				goto hole;
			}
			if ((err = new_block(ip, &next)) != 0) {
				brelse(b);
				return err;
			}
			entries[p.idx[d]] = next;
			log_write(b);
		}
		brelse(b);
		addr = next;
	}
	*out = addr;
	return 0;
hole:
	*out = 0;
	return 0;
}

/* The leaf indirect block naming the file block at p (depth >= 1) in *leaf: 0 for a hole. */
static int leaf_of(struct inode *ip, const struct blkpath *p, uint *leaf)
{
	uint addr = ip->addrs[p->slot];
	int err = check_addr(ip, addr);
	if (!err && addr != 0 && p->depth == 2) {
		struct buf *b = bread(ip->dev, addr);
		if (!b)
			return -E_IO;
		addr = ((uint *)b->data)[p->idx[0]];
		brelse(b);
		err = check_addr(ip, addr);
	}
	*leaf = err ? 0 : addr;
	return err;
}

int bmap_leaf(struct inode *ip, uint bn, uint *out)
{
	KASSERT(holding_sleep(&ip->lock));
	struct blkpath p;
	int err = path_of(bn, &p);
	if (err)
		return err;
	if (p.depth == 0) {
		*out = 0;
		return 0;
	}
	return leaf_of(ip, &p, out);
}

int bmap_run(struct inode *ip, uint bn, uint n, uint *out)
{
	KASSERT(holding_sleep(&ip->lock));
	struct buf *leaf = 0; /* the leaf indirect block of the last block, held */
	struct blkpath at, held = {.slot = -1};
	int err = 0;
	for (uint i = 0; i < n && !err; i++) {
		if ((err = path_of(bn + i, &at)) != 0)
			break;
		if (at.depth == 0) {
			out[i] = ip->addrs[at.slot];
			err = check_addr(ip, out[i]);
			continue;
		}
		/* A new leaf when the slot, or for two levels the first index, moves on. */
		if (at.slot != held.slot || (at.depth == 2 && at.idx[0] != held.idx[0])) {
			if (leaf)
				brelse(leaf);
			leaf = 0;
			held = at;
			uint addr;
			if ((err = leaf_of(ip, &at, &addr)) != 0)
				break;
			if (addr != 0 && !(leaf = bread(ip->dev, addr))) {
				err = -E_IO;
				break;
			}
		}
		out[i] = leaf ? ((uint *)leaf->data)[at.idx[at.depth - 1]] : 0;
		err = check_addr(ip, out[i]);
	}
	if (leaf)
		brelse(leaf);
	return err;
}

/* Free the blocks an indirect block at `level` (1 or 2) names, then it. */
static int free_tree(struct inode *ip, uint addr, int level)
{
	int first_err = 0;
	struct buf *b = bread(ip->dev, addr);
	if (!b)
		return -E_IO;
	for (uint i = 0; i < NINDIRECT; i++) {
		uint a = ((uint *)b->data)[i];
		int err = check_addr(ip, a);
		if (!err && a == addr) {
			fs_corrupt("inode %u: indirect block %u names itself", ip->inum, a);
			err = -E_CORRUPT; /* and reading it again would deadlock */
		} else if (!err && a != 0)
			err = level > 1 ? free_tree(ip, a, level - 1) : bfree(ip->dev, a);
		if (err && !first_err)
			first_err = err;
	}
	brelse(b);
	int err = bfree(ip->dev, addr);
	return first_err ? first_err : err;
}

/* File blocks under one addrs[] entry at `level` (0: a data block). */
static uint64 span_of(int level)
{
	uint64 span = 1;
	for (int l = 0; l < level; l++)
		span *= NINDIRECT;
	return span;
}

/*
 * Free what the entry *slot (a tree of `level`, naming file blocks from
 * base on) holds at or past file block keep; clear *slot if all of it
 * went.  Returns the first error; goes on past errors to free what it can.
 */
static int trim(struct inode *ip, uint *slot, int level, uint64 base, uint64 keep)
{
	uint a = *slot;
	int err = check_addr(ip, a);
	if (err && base >= keep)
		*slot = 0; /* forget a bad address rather than keep it past the end */
	if (err || a == 0 || base + span_of(level) <= keep)
		return err;
	if (base >= keep) {
		*slot = 0;
		return level == 0 ? bfree(ip->dev, a) : free_tree(ip, a, level);
	}
	/* Straddles the new end: keep the block, trim its entries. */
	struct buf *b = bread(ip->dev, a);
	if (!b)
		return -E_IO;
	uint *entries = (uint *)b->data;
	int first_err = 0;
	uint64 child = span_of(level - 1);
	for (uint i = 0; i < NINDIRECT; i++) {
		if (entries[i] == a) {
			fs_corrupt("inode %u: indirect block %u names itself", ip->inum, a);
			err = -E_CORRUPT;
		} else {
			err = trim(ip, &entries[i], level - 1, base + i * child, keep);
		}
		if (err && !first_err)
			first_err = err;
	}
	log_write(b);
	brelse(b);
	return first_err;
}

/* Zero the bytes of the block holding offset size from there to its end. */
static int zero_tail(struct inode *ip, uint size)
{
	if (size % BSIZE == 0)
		return 0;
	uint addr;
	int err = bmap(ip, size / BSIZE, 0, &addr);
	if (err || addr == 0)
		return err;
	struct buf *b = bread(ip->dev, addr);
	if (!b)
		return -E_IO;
	memset(b->data + size % BSIZE, 0, BSIZE - size % BSIZE);
	log_write(b);
	brelse(b);
	return 0;
}

int itrunc_to(struct inode *ip, uint size)
{
	KASSERT(holding_sleep(&ip->lock));
	if (size > ip->size)
		panic("itrunc_to: growing inode %u from %u to %u", ip->inum, ip->size, size);
	uint64 keep = ((uint64)size + BSIZE - 1) / BSIZE;
	int first_err = zero_tail(ip, size);
	for (int s = 0; s < NADDRS; s++) {
		int level = s < NDIRECT ? 0 : s == IND_SLOT ? 1 : 2;
		uint64 base = s < NDIRECT     ? (uint64)s
		              : s == IND_SLOT ? NDIRECT
		                              : NDIRECT + NINDIRECT;
		int err = trim(ip, &ip->addrs[s], level, base, keep);
		if (err && !first_err)
			first_err = err;
	}
	ip->size = size;
	ip->mtime = rtc_seconds();
	int err = iupdate(ip);
	return first_err ? first_err : err;
}

int itrunc(struct inode *ip)
{
	return itrunc_to(ip, 0);
}
