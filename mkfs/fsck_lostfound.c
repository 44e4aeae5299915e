/*
 * fsck_lostfound.c: `fsck -y` keeps what it cannot place.  An inode no
 * directory reaches that still holds data (a file or symlink of non-zero
 * size) is given the name "#INUM" in /lost+found, made if missing (a
 * directory with one block, named from the root), instead of being freed.
 *
 * Runs inside repair_entries_and_inodes, on the facts of check run 1
 * (kind, reached, owner).  Blocks it takes are ones run 1 found owned by
 * no inode; it marks them in owner[] so that it never takes one twice, and
 * the bitmap step after run 2 (which recomputes owner) marks them used.
 * A directory gets new blocks only in its direct slots: a root too big
 * for that makes the inode freed as before, with a message.
 */
#include <stdio.h>
#include <string.h>

#include "fsck.h"

#define LF_NAME "lost+found"
#define DIRENT_SZ sizeof(struct dirent)

static const uchar *read_block(void *ctx, uint addr)
{
	return data_block(ctx, addr);
}

/* A data block no inode owns, now owned by inum; 0 if none is left. */
static uint take_block(struct fsck *f, uint inum)
{
	for (uint b = f->geo.datastart; b < f->sb.size; b++)
		if (f->owner[b] == 0) {
			f->owner[b] = inum + 1;
			memset(img_block(&f->im, b), 0, BSIZE);
			return b;
		}
	return 0;
}

/* Put entry (name, inum) in directory dir: a free slot, the room after its
 * last entry, or a new direct block.  0, or -1 if there is no room. */
static int dir_add(struct fsck *f, uint dir, const char *name, uint inum)
{
	struct dinode di;
	struct dirent de;

	if (img_get_inode(&f->im, &f->sb, dir, &di) < 0)
		return -1;
	memset(&de, 0, sizeof(de));
	de.inum = (ushort)inum;
	size_t len = strlen(name);
	memcpy(de.name, name, len < DIRSIZ ? len : DIRSIZ); /* NUL-padded: de was zeroed */
	unsigned long nent = di.size / DIRENT_SZ, off;
	for (off = 2 * DIRENT_SZ; off < nent * DIRENT_SZ; off += DIRENT_SZ) {
		uint b = bmap_lookup(&di, off / BSIZE, read_block, f);
		uchar *blk = b ? (uchar *)data_block(f, b) : NULL;
		if (blk && ((struct dirent *)(blk + off % BSIZE))->inum == 0) {
			memcpy(blk + off % BSIZE, &de, sizeof(de));
			return 0;
		}
	}
	off = nent * DIRENT_SZ;
	uint n = off / BSIZE, b = bmap_lookup(&di, n, read_block, f);
	if (off % BSIZE == 0) {
		if (n >= NDIRECT || di.addrs[n] != 0)
			return -1;
		b = take_block(f, dir);
		if (!b)
			return -1;
		di.addrs[n] = b;
	}
	uchar *blk = b ? (uchar *)data_block(f, b) : NULL;
	if (!blk)
		return -1;
	memcpy(blk + off % BSIZE, &de, sizeof(de));
	di.size = (uint)(off + DIRENT_SZ);
	img_put_inode(&f->im, &f->sb, dir, &di);
	return 0;
}

/* The inode /lost+found names, if it is a directory the root reaches; else 0. */
static uint find_lost_found(struct fsck *f)
{
	struct dinode root;
	struct dirent de;

	if (img_get_inode(&f->im, &f->sb, ROOTINO, &root) < 0)
		return 0;
	for (unsigned long off = 0; off + DIRENT_SZ <= root.size; off += DIRENT_SZ) {
		uint b = bmap_lookup(&root, off / BSIZE, read_block, f);
		const uchar *blk = b ? data_block(f, b) : NULL;
		if (!blk)
			continue;
		memcpy(&de, blk + off % BSIZE, sizeof(de));
		if (de.inum && strncmp(de.name, LF_NAME, DIRSIZ) == 0 && de.inum < f->sb.ninodes &&
		    f->kind[de.inum] == T_DIR && f->reached[de.inum])
			return de.inum;
	}
	return 0;
}

/* Make /lost+found: a free inode, one block with "." and "..", named from the root. */
static uint make_lost_found(struct fsck *f)
{
	struct dinode di;
	uint inum;

	for (inum = ROOTINO + 1; inum < f->sb.ninodes; inum++)
		if (f->kind[inum] == 0 && img_get_inode(&f->im, &f->sb, inum, &di) == 0 &&
		    di.type == 0)
			break;
	if (inum >= f->sb.ninodes)
		return 0;
	uint b = take_block(f, inum);
	if (!b)
		return 0;
	struct dirent *d = (struct dirent *)img_block(&f->im, b);
	d[0].inum = (ushort)inum;
	strcpy(d[0].name, ".");
	d[1].inum = ROOTINO;
	strcpy(d[1].name, "..");
	memset(&di, 0, sizeof(di));
	di.type = T_DIR;
	di.nlink = 1; /* the root's entry; the link-count step recounts */
	di.size = 2 * DIRENT_SZ;
	di.addrs[0] = b;
	img_put_inode(&f->im, &f->sb, inum, &di);
	if (dir_add(f, ROOTINO, LF_NAME, inum) < 0) {
		memset(&di, 0, sizeof(di));
		img_put_inode(&f->im, &f->sb, inum, &di);
		f->owner[b] = 0;
		return 0;
	}
	f->kind[inum] = T_DIR;
	f->reached[inum] = 1;
	f->repairs++;
	printf("fsck: repaired: made /" LF_NAME " (inode %u)\n", inum);
	return inum;
}

int lost_found_keep(struct fsck *f, uint inum)
{
	static uint lf; /* found or made once per repair run */
	struct dinode di;
	char name[DIRSIZ + 1];

	if (f->kind[inum] != T_FILE && f->kind[inum] != T_SYMLINK)
		return -1;
	if (img_get_inode(&f->im, &f->sb, inum, &di) < 0 || di.size == 0)
		return -1;
	if (!lf || f->kind[lf] != T_DIR)
		lf = find_lost_found(f);
	if (!lf)
		lf = make_lost_found(f);
	snprintf(name, sizeof(name), "#%u", inum);
	if (!lf || dir_add(f, lf, name, inum) < 0) {
		printf("fsck: no room in /" LF_NAME " for inode %u\n", inum);
		return -1;
	}
	di.nlink = 1;
	img_put_inode(&f->im, &f->sb, inum, &di);
	f->repairs++;
	printf("fsck: repaired: inode %u (not reachable, %u bytes) is now /" LF_NAME "/%s\n", inum,
	       di.size, name);
	return 0;
}
