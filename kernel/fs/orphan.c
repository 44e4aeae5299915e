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
 * the same transaction.  So after the first change committed after mount,
 * the orphans are found by scanning the inode blocks (ninodes / IPB
 * reads, BREAD_MANY_MAX in flight at a time; not at mount itself, which
 * would delay every boot's first system call by them) and each is freed
 * with the ordinary iput, inside a transaction of its own (freeing a
 * whole file fits in one: the superblock check guarantees it).  No list
 * to keep in step, no format change; the price is the scan at every boot.
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
 * Put in found[] the orphans among the inodes of the `nb` inode blocks
 * from block number `first_block` (all read at once): how many, or -E_IO.
 */
static int find_orphans(uint first_block, int nb, uint *found)
{
	uint bn[BREAD_MANY_MAX];
	struct buf *b[BREAD_MANY_MAX];
	for (int i = 0; i < nb; i++)
		bn[i] = first_block + (uint)i;
	if (bread_many(fs_dev, bn, nb, b) != 0)
		return -E_IO;
	int n = 0;
	for (int i = 0; i < nb; i++) {
		const struct dinode *di = (const struct dinode *)b[i]->data;
		uint first = (bn[i] - fs_sb.inodestart) * (uint)IPB;
		for (uint j = 0; j < IPB; j++) {
			uint inum = first + j;
			/* inode 0 is unused; a linkless root is damage, not an orphan */
			if (inum > ROOTINO && inum < fs_sb.ninodes && di[j].type != 0 &&
			    di[j].nlink == 0)
				found[n++] = inum;
		}
		brelse(b[i]);
	}
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

/* Free the orphans: how many, or -E_IO / -E_ROFS / -E_NFILE. */
static int free_all(void)
{
	if (log_readonly())
		return 0; /* nothing can be freed; the next mount tries again */
	int total = 0;
	uint found[BREAD_MANY_MAX * IPB];
	uint nblocks = (fs_sb.ninodes + (uint)IPB - 1) / (uint)IPB;
	for (uint i = 0; i < nblocks; i += BREAD_MANY_MAX) {
		int nb = nblocks - i < BREAD_MANY_MAX ? (int)(nblocks - i) : BREAD_MANY_MAX;
		int n = find_orphans(fs_sb.inodestart + i, nb, found);
		if (n < 0)
			return n;
		for (int k = 0; k < n; k++) {
			int r = free_one(found[k]);
			if (r < 0)
				return r;
			total += r;
		}
	}
	return total;
}

void orphan_reclaim(void)
{
	int n = free_all();
	if (n < 0)
		printf("fs: cannot free orphan inodes (error %d)\n", n);
	else if (n && !fs_quiet)
		printf(
		    "fs: freed %d orphan inode%s (unlinked while open when the system stopped)\n",
		    n, n == 1 ? "" : "s");
}
