/*
 * fsck_repair.c: what `fsck -y` changes, between check runs (fsck.c).
 *
 * Each step works from the facts that the check run before it gathered
 * (kind, reached, nnames, owner), so it never has to guess:
 *   before the checks  the log: committed transactions are installed, as
 *                      mount does, and both headers cleared (so that mount
 *                      does not replay old copies over the repairs); a
 *                      header that names impossible blocks is cleared
 *                      unreplayed;
 *   after run 1        directory entries that name free, invalid or
 *                      out-of-range inodes, or have bad names, are
 *                      cleared; inodes of a bad type, inode 0 and
 *                      inodes no directory reaches are freed (their
 *                      blocks come back in the bitmap step), but for
 *                      unreachable directories, reconnected to
 *                      /lost+found with what they hold, and
 *                      unreachable files with data, which go there
 *                      too (fsck_lostfound.c);
 *   after run 2        link counts are set to the entries that name the
 *                      inode; the bitmap is rebuilt from the blocks the
 *                      surviving inodes claim.
 * Not repaired (fsck then still reports them): a block claimed twice, a
 * damaged '.' or '..', blocks past a file's size, a bad superblock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsck.h"

#define DPB (BSIZE / sizeof(struct dirent))

void repair_log(struct fsck *f)
{
	int halves[2], k, i;
	char why[200];
	uint pending = 0, hdr[2];

	k = img_log_commits(&f->im, &f->sb, halves, why, sizeof(why));
	if (k == 0)
		return;
	if (k > 0) {
		pending = img_log_pending(&f->im, &f->sb, halves, k);
		for (i = 0; i < k; i++)
			img_log_replay(&f->im, &f->sb, halves[i]);
	}
	/* Cleared even when installed: the kernel's mount would otherwise
	 * replay the log's copies over what the repairs below change. */
	img_log_clear(&f->im, &f->sb, hdr);
	if (k > 0 && pending == 0)
		return;
	f->repairs++;
	printf("fsck: repaired: %s the log\n", k < 0 ? "cleared a damaged header of" : "replayed");
}

/* Free inode inum (its dinode zeroed). */
static void free_inode(struct fsck *f, uint inum, const char *why)
{
	struct dinode di;

	memset(&di, 0, sizeof(di));
	img_put_inode(&f->im, &f->sb, inum, &di);
	f->repairs++;
	printf("fsck: repaired: freed inode %u (%s)\n", inum, why);
}

static int name_bad(const char *name)
{
	int i = 0;

	if (name[0] == '\0')
		return 1;
	for (; i < DIRSIZ && name[i]; i++)
		if (name[i] == '/')
			return 1;
	for (; i < DIRSIZ; i++)
		if (name[i])
			return 1;
	return 0;
}

struct dirfix {
	struct fsck *f;
	uint dir;
	unsigned long nent;
};

static const uchar *fix_read(void *ctx, uint addr)
{
	struct dirfix *d = ctx;

	if (!data_block(d->f, addr) || d->f->owner[addr] != d->dir + 1)
		return NULL;
	return data_block(d->f, addr);
}

static int fix_visit(void *ctx, uint addr, int level, uint first, int tag)
{
	struct dirfix *d = ctx;
	struct fsck *f = d->f;
	unsigned long e0 = (unsigned long)first * DPB;
	struct dirent de;
	uint i;

	(void)tag;
	if (!fix_read(ctx, addr))
		return 0;
	if (level > 0)
		return 1;
	uchar *blk = img_block(&f->im, addr);
	for (i = 0; i < DPB && e0 + i < d->nent; i++) {
		if (e0 + i < 2)
			continue; /* '.' and '..' are not cleared */
		memcpy(&de, blk + i * sizeof(de), sizeof(de));
		if (de.inum == 0)
			continue;
		int bad = name_bad(de.name) || de.inum >= f->sb.ninodes || f->kind[de.inum] == 0 ||
		          f->kind[de.inum] == KIND_BAD || strncmp(de.name, ".", DIRSIZ) == 0 ||
		          strncmp(de.name, "..", DIRSIZ) == 0;
		if (!bad)
			continue;
		memset(blk + i * sizeof(de), 0, sizeof(de));
		f->repairs++;
		printf("fsck: repaired: cleared entry %lu of directory %u "
		       "(inode %u)\n",
		       e0 + i, d->dir, de.inum);
	}
	return 1;
}

void repair_entries_and_inodes(struct fsck *f)
{
	struct dinode di;
	uint inum;

	for (inum = 0; inum < f->sb.ninodes; inum++) {
		if (f->kind[inum] != T_DIR || !f->reached[inum])
			continue;
		if (img_get_inode(&f->im, &f->sb, inum, &di) < 0)
			continue;
		struct dirfix d = {f, inum, di.size / sizeof(struct dirent)};
		bmap_walk(&di, fix_read, fix_visit, &d);
	}
	uchar *rescued = calloc(f->sb.ninodes, 1);
	if (!rescued) {
		printf("fsck: out of memory repairing\n");
		return;
	}
	reconnect_dirs(f, rescued);
	for (inum = 1; inum < f->sb.ninodes; inum++) {
		if (!rescued[inum] || f->kind[inum] != T_DIR)
			continue;
		if (img_get_inode(&f->im, &f->sb, inum, &di) < 0)
			continue;
		struct dirfix d = {f, inum, di.size / sizeof(struct dirent)};
		bmap_walk(&di, fix_read, fix_visit, &d);
	}
	for (inum = 0; inum < f->sb.ninodes; inum++) {
		if (f->kind[inum] == 0 || inum == ROOTINO)
			continue;
		if (f->kind[inum] == KIND_BAD)
			free_inode(f, inum, "bad type");
		else if (inum == 0)
			free_inode(f, inum, "inode 0 is reserved");
		else if (!f->reached[inum] && !rescued[inum] && lost_found_keep(f, inum) < 0)
			free_inode(f, inum, "not reachable from the root");
	}
	free(rescued);
}

void repair_links_and_bitmap(struct fsck *f)
{
	struct dinode di;
	uint inum, b;

	for (inum = 1; inum < f->sb.ninodes; inum++) {
		if (f->kind[inum] == 0 || f->kind[inum] == KIND_BAD || !f->reached[inum])
			continue;
		if (img_get_inode(&f->im, &f->sb, inum, &di) < 0)
			continue;
		uint e = f->nnames[inum], s = f->ndotdot[inum], want;
		if (f->kind[inum] == T_DIR) {
			uint base = inum == ROOTINO ? 1 + e : e;
			if (di.nlink >= 0 && ((uint)di.nlink == base || (uint)di.nlink == base + s))
				continue;
			want = base;
		} else {
			if (di.nlink >= 0 && (uint)di.nlink == e)
				continue;
			want = e;
		}
		f->repairs++;
		printf("fsck: repaired: inode %u nlink %d -> %u\n", inum, di.nlink, want);
		di.nlink = (short)want;
		img_put_inode(&f->im, &f->sb, inum, &di);
	}
	uint fixed = 0;
	for (b = 0; b < f->sb.size; b++) {
		int want = b < f->geo.datastart || f->owner[b] != 0;
		if (img_get_bit(&f->im, &f->sb, b) != want) {
			img_set_bit(&f->im, &f->sb, b, want);
			fixed++;
		}
	}
	if (fixed) {
		f->repairs++;
		printf("fsck: repaired: %u bitmap bits\n", fixed);
	}
}
