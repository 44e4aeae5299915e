/*
 * orphan.c: the orphan record and its recovery.
 *
 * An orphan is an inode whose last directory entry was removed while a
 * process still had it open: unlink leaves it allocated with nlink 0,
 * and the last iput frees it.  If the system stops first, that iput never
 * comes.  The on-disk record of an orphan is the inode itself: a dinode
 * with a type and nlink 0 exists only in that state, because every
 * operation that allocates an inode links it in the same transaction and
 * every operation that drops nlink to 0 with no open reference frees it in
 * the same transaction.  So mount finds the orphans by scanning the inode
 * blocks (ninodes / IPB reads) and frees each with the ordinary iput,
 * inside a transaction of its own (freeing a whole file fits in one: the
 * superblock check guarantees it).  No list to keep in step, no format
 * change; the price is the scan at every mount.
 *
 * fsck (mkfs/fsck_dir.c) reports such an inode as an orphan that the next
 * mount frees, not as damage.
 */
#include "fs/orphan.h"
#include "fs/fs.h"
#include "fs/bcache.h"
#include "fs/inode.h"
#include "fs/log.h"
#include "lib/errno.h"
#include "lib/printf.h"

/*
 * Put in found[] (at most max) the orphans among the inodes of block,
 * whose first inode is `first`: how many, or -E_IO.
 */
static int find_orphans(uint block, uint first, uint *found, int max)
{
	struct buf *b = bread(fs_dev, block);
	if (!b)
		return -E_IO;
	const struct dinode *di = (const struct dinode *)b->data;
	int n = 0;
	for (uint i = 0; i < IPB && n < max; i++) {
		uint inum = first + i;
		if (inum <= ROOTINO || inum >= fs_sb.ninodes)
			continue; /* inode 0 is unused; a linkless root is damage, not an orphan */
		if (di[i].type != 0 && di[i].nlink == 0)
			found[n++] = inum;
	}
	brelse(b);
	return n;
}

/* Free orphan inum (iput of the last reference does it); 1 if freed, else 0 or an error. */
static int free_one(uint inum)
{
	struct inode *ip = iget(fs_dev, inum);
	if (!ip)
		return -E_NFILE;
	int err = begin_op();
	if (err) {
		iput(ip);
		return err;
	}
	int freed = 0;
	if (ilock(ip) == 0) {
		freed = ip->type != 0 && ip->nlink == 0;
		iunlock(ip);
	}
	iput(ip);
	err = end_op();
	return err ? err : freed;
}

int orphan_free_all(void)
{
	int total = 0;
	uint found[IPB];
	for (uint first = 0; first < fs_sb.ninodes; first += IPB) {
		int n = find_orphans((uint)IBLOCK(first, fs_sb), first, found, (int)IPB);
		if (n < 0)
			return n;
		for (int i = 0; i < n; i++) {
			int r = free_one(found[i]);
			if (r < 0)
				return r;
			total += r;
		}
	}
	if (total && !fs_quiet)
		printf("fs: freed %d orphan inode%s (unlinked while open when the system stopped)\n",
		       total, total == 1 ? "" : "s");
	return total;
}
