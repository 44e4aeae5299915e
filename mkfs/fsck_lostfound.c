/*
 * fsck_lostfound.c: `fsck -y` keeps what it cannot place.  An inode no
 * directory reaches that still holds data (a file or symlink of non-zero
 * size) is given the name "#INUM" in /lost+found, made if missing (a
 * directory with one block, named from the root), instead of being freed.
 * mkfs makes /lost+found; a root entry of that name that is not a
 * directory is moved into a new one as "#INUM".
 *
 * Unreachable directories (reconnect_dirs) are reconnected, not freed:
 * each one that no other unreachable directory names (or, in a cycle of
 * them, the lowest) becomes /lost+found/#INUM with its ".." naming
 * lost+found; what it holds comes back with it, and each subdirectory
 * found under it gets its ".." set to the directory that names it.  Only a
 * directory that finds no room (lost+found full in its direct blocks, no
 * free block, or no lost+found to be had) is freed, with a message; the
 * files in it then go to lost+found or are freed like any others.  Link
 * counts (of lost+found, of an old parent) are set by the link-count step
 * after check run 2, from the entries as they are now.
 *
 * Runs inside repair_entries_and_inodes, on the facts of check run 1
 * (kind, reached, owner).  Blocks it takes are ones run 1 found owned by
 * no inode; it marks them in owner[] so that it never takes one twice, and
 * the bitmap step after run 2 (which recomputes owner) marks them used.
 * A directory gets new blocks only in its direct slots: a root too big
 * for that makes the inode freed as before, with a message.
 */
#include <stdio.h>
#include <stdlib.h>
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

/* Entry `slot` of directory dir, in the image; NULL past its size or blocks. */
static struct dirent *dir_slot(struct fsck *f, uint dir, unsigned long slot)
{
	struct dinode di;

	if (img_get_inode(&f->im, &f->sb, dir, &di) < 0 || (slot + 1) * DIRENT_SZ > di.size)
		return NULL;
	unsigned long off = slot * DIRENT_SZ;
	uint b = bmap_lookup(&di, off / BSIZE, read_block, f);
	if (!b || !data_block(f, b) || f->owner[b] != dir + 1)
		return NULL;
	return (struct dirent *)(img_block(&f->im, b) + off % BSIZE);
}

/* The root's entry named lost+found, or NULL. */
static struct dirent *lost_found_entry(struct fsck *f)
{
	struct dirent *de;

	for (unsigned long s = 2; (de = dir_slot(f, ROOTINO, s)) != NULL; s++)
		if (de->inum && strncmp(de->name, LF_NAME, DIRSIZ) == 0)
			return de;
	return NULL;
}

/* The inode /lost+found names, if it is a directory the root reaches; else 0. */
static uint find_lost_found(struct fsck *f)
{
	struct dirent *de = lost_found_entry(f);

	if (de && de->inum < f->sb.ninodes && f->kind[de->inum] == T_DIR && f->reached[de->inum])
		return de->inum;
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

/* /lost+found, found or made once per repair run: 0 if there is none to be had.
 * A non-directory of that name moves into the new one as "#INUM". */
static uint lost_found(struct fsck *f)
{
	static uint lf;
	char name[DIRSIZ + 1];

	if (lf && f->kind[lf] == T_DIR)
		return lf;
	lf = find_lost_found(f);
	if (lf)
		return lf;
	struct dirent *de = lost_found_entry(f);
	uint old = de ? de->inum : 0;
	if (de)
		de->inum = 0; /* the name is for the directory; what it named moves below */
	lf = make_lost_found(f);
	if (!lf && de)
		de->inum = (ushort)old; /* nothing made: the slot is as it was */
	if (!lf || !old)
		return lf;
	snprintf(name, sizeof(name), "#%u", old);
	if (dir_add(f, lf, name, old) < 0) {
		printf("fsck: no room in /" LF_NAME " for inode %u, named " LF_NAME "\n", old);
		return lf;
	}
	f->repairs++;
	printf("fsck: repaired: /" LF_NAME " was not a directory (inode %u): it is "
	       "/" LF_NAME "/%s\n",
	       old, name);
	return lf;
}

int lost_found_keep(struct fsck *f, uint inum)
{
	struct dinode di;
	char name[DIRSIZ + 1];

	if (f->kind[inum] != T_FILE && f->kind[inum] != T_SYMLINK)
		return -1;
	if (img_get_inode(&f->im, &f->sb, inum, &di) < 0 || di.size == 0)
		return -1;
	uint lf = lost_found(f);
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

/* An inode an unreachable directory's entry may name and bring back. */
static int can_rescue(const struct fsck *f, uint inum, const uchar *rescued)
{
	return inum != ROOTINO && inum < f->sb.ninodes && f->kind[inum] != 0 &&
	       f->kind[inum] != KIND_BAD && !f->reached[inum] && !rescued[inum];
}

/* Make dir's ".." name parent (its slot 1, whatever it held). */
static void set_dotdot(struct fsck *f, uint dir, uint parent)
{
	struct dirent *de = dir_slot(f, dir, 1);

	if (!de || (de->inum == parent && strncmp(de->name, "..", DIRSIZ) == 0))
		return;
	uint old = de->inum;
	memset(de, 0, sizeof(*de));
	de->inum = (ushort)parent;
	strcpy(de->name, "..");
	f->repairs++;
	printf("fsck: repaired: directory %u: '..' names %u, not %u\n", dir, parent, old);
}

/* Everything under the reconnected directory top comes back with it. */
static void rescue_tree(struct fsck *f, uint top, uchar *rescued, uint *queue)
{
	uint head = 0, tail = 0;
	struct dirent *de;

	queue[tail++] = top;
	while (head < tail) {
		uint dir = queue[head++];
		for (unsigned long s = 2; (de = dir_slot(f, dir, s)) != NULL; s++) {
			if (!de->inum || !can_rescue(f, de->inum, rescued) ||
			    strncmp(de->name, ".", DIRSIZ) == 0 ||
			    strncmp(de->name, "..", DIRSIZ) == 0)
				continue;
			rescued[de->inum] = 1;
			if (f->kind[de->inum] == T_DIR) {
				set_dotdot(f, de->inum, dir);
				queue[tail++] = de->inum;
			}
		}
	}
}

/* Name unreachable directory dir "#INUM" in /lost+found; 0, or -1 if no room. */
static int reconnect(struct fsck *f, uint dir)
{
	struct dinode di;
	char name[DIRSIZ + 1];
	struct dirent *dd = dir_slot(f, dir, 1);
	uint lf = lost_found(f), old = dd ? dd->inum : 0;

	snprintf(name, sizeof(name), "#%u", dir);
	if (!lf || dir_add(f, lf, name, dir) < 0 || img_get_inode(&f->im, &f->sb, dir, &di) < 0) {
		printf("fsck: no room in /" LF_NAME " for directory %u\n", dir);
		return -1;
	}
	di.nlink = 1;
	img_put_inode(&f->im, &f->sb, dir, &di);
	f->repairs++;
	printf("fsck: repaired: directory %u (not reachable; its '..' named %u) is now "
	       "/" LF_NAME "/%s\n",
	       dir, old, name);
	set_dotdot(f, dir, lf);
	return 0;
}

void reconnect_dirs(struct fsck *f, uchar *rescued)
{
	uint n = f->sb.ninodes;
	uint *namer = calloc(n, sizeof(uint)), *queue = calloc(n, sizeof(uint));
	uchar *failed = calloc(n, 1);
	struct dirent *de;

	if (!namer || !queue || !failed) {
		printf("fsck: out of memory reconnecting directories\n");
		goto out;
	}
	for (uint d = 1; d < n; d++) {
		if (f->kind[d] != T_DIR || f->reached[d])
			continue;
		for (unsigned long s = 2; (de = dir_slot(f, d, s)) != NULL; s++)
			if (de->inum && de->inum != d && can_rescue(f, de->inum, rescued) &&
			    f->kind[de->inum] == T_DIR && !namer[de->inum] &&
			    strncmp(de->name, "..", DIRSIZ) != 0 &&
			    strncmp(de->name, ".", DIRSIZ) != 0)
				namer[de->inum] = d;
	}
	for (;;) {
		uint pick = 0, any = 0;
		for (uint d = 1; d < n && !pick; d++) {
			if (f->kind[d] != T_DIR || !can_rescue(f, d, rescued) || failed[d])
				continue;
			if (!any)
				any = d; /* the lowest left: in a cycle, none has no namer */
			if (!namer[d] || failed[namer[d]])
				pick = d;
		}
		if (!pick)
			pick = any;
		if (!pick)
			break;
		if (reconnect(f, pick) < 0) {
			failed[pick] = 1;
			continue;
		}
		rescued[pick] = 1;
		rescue_tree(f, pick, rescued, queue);
	}
out:
	free(namer);
	free(queue);
	free(failed);
}
