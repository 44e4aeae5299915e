/*
 * fsck_dir.c: directory structure, reachability and link counts.
 *
 * Directories are visited breadth first from the root.  A directory is
 * queued the first time an entry names it, so each is scanned at most
 * once however the entries loop; and a directory's blocks are read only
 * if pass 2 recorded them as claimed by that directory, so no block is
 * scanned twice either.  Both bound the work by the image size.
 *
 * Well-formed directory: size a multiple of sizeof(struct dirent); slot 0
 * is "." naming itself; slot 1 is ".." naming the directory it was
 * reached from (the root's ".." names the root); no other "." or ".."
 * entries; every used entry has a non-empty, NUL-padded name without '/',
 * unique within the directory, naming an allocated inode in range.
 *
 * Link-count rule.  Let E(i) be the number of entries in reachable
 * directories naming inode i, not counting any "." or ".." entry, and
 * S(i) the number of reachable subdirectories whose ".." names i.
 *   - a file, device or symlink needs nlink == E;
 *   - a directory other than the root must be named exactly once (E == 1:
 *     no hard links to directories), and the root by no entry (E == 0);
 *   - a directory needs nlink == B or nlink == B + S, with B = E for a
 *     directory and B = 1 for the root (its implicit name as "/").
 * Both directory forms are accepted because both are sound conventions:
 * mkfs writes nlink 1 everywhere (no subdirectories exist yet, so they
 * agree), an xv6-style kernel's mkdir adds one to the parent for the
 * child's "..", and a kernel that leaves the parent alone keeps B.
 * Any allocated inode not named from a reachable directory is an orphan.
 * One with nlink 0 is the kernel's record of a file unlinked while open
 * (kernel/fs/orphan.c frees it at the next mount): a note, not damage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsck.h"

#define DPB (BSIZE / sizeof(struct dirent)) /* dirents per block */

struct dirscan {
	struct fsck *f;
	uint dir, parent;
	uint nent;     /* whole entries within the directory's size */
	uint *parents; /* per inode: directory it was reached from */
	uint *queue;   /* BFS queue of directories; each inode at most once */
	uint *qtail;
	char (*names)[DIRSIZ]; /* valid names seen in this directory */
	size_t nnames, cap;
};

/* Printable copy of an entry name for messages. */
static const char *show(const char *name, char *buf)
{
	int i;

	for (i = 0; i < DIRSIZ && name[i]; i++)
		buf[i] = (name[i] >= ' ' && name[i] <= '~') ? name[i] : '?';
	buf[i] = '\0';
	return buf;
}

/* Non-empty, no '/', and NUL-padded after the first NUL. */
static int name_ok(const char *name)
{
	int i = 0;

	if (name[0] == '\0')
		return 0;
	for (; i < DIRSIZ && name[i]; i++)
		if (name[i] == '/')
			return 0;
	for (; i < DIRSIZ; i++)
		if (name[i] != '\0')
			return 0;
	return 1;
}

static int is_name(const char *name, const char *want)
{
	return strncmp(name, want, DIRSIZ) == 0;
}

static void remember_name(struct dirscan *d, const char *name)
{
	if (d->nnames == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 64;
		void *p = realloc(d->names, cap * sizeof(*d->names));
		if (!p)
			return; /* only the duplicate check suffers */
		d->names = p;
		d->cap = cap;
	}
	memcpy(d->names[d->nnames++], name, DIRSIZ);
}

/* An ordinary entry (not "." or ".."): count it, queue subdirectories. */
static void plain_entry(struct dirscan *d, uint slot, const struct dirent *de)
{
	struct fsck *f = d->f;
	char buf[DIRSIZ + 1];
	uint inum = de->inum;

	if (!name_ok(de->name)) {
		problem(f, "directory %u slot %u: bad name '%s'", d->dir, slot,
		        show(de->name, buf));
		return;
	}
	remember_name(d, de->name);
	if (inum >= f->sb.ninodes) {
		problem(f,
		        "directory %u entry '%s' names out-of-range inode "
		        "%u",
		        d->dir, show(de->name, buf), inum);
		return;
	}
	if (f->kind[inum] == 0 || f->kind[inum] == KIND_BAD) {
		problem(f, "directory %u entry '%s' names %s inode %u", d->dir, show(de->name, buf),
		        f->kind[inum] ? "invalid" : "free", inum);
		return;
	}
	if (f->nnames[inum] < ~0u)
		f->nnames[inum]++;
	if (f->reached[inum])
		return;
	f->reached[inum] = 1;
	if (f->kind[inum] == T_DIR) {
		d->parents[inum] = d->dir;
		*d->qtail++ = inum;
	}
}

static void entry(struct dirscan *d, uint slot, const struct dirent *de)
{
	struct fsck *f = d->f;
	char buf[DIRSIZ + 1];

	if (slot == 0) {
		if (de->inum == 0 || !is_name(de->name, ".")) {
			problem(f, "directory %u missing '.' in slot 0", d->dir);
		} else {
			if (de->inum != d->dir)
				problem(f, "directory %u: '.' names inode %u", d->dir, de->inum);
			return;
		}
	} else if (slot == 1) {
		if (de->inum == 0 || !is_name(de->name, "..")) {
			problem(f, "directory %u missing '..' in slot 1", d->dir);
		} else {
			if (de->inum != d->parent)
				problem(f,
				        "directory %u: '..' names inode %u, "
				        "not its parent %u",
				        d->dir, de->inum, d->parent);
			else if (d->dir != ROOTINO)
				f->ndotdot[d->parent]++;
			return;
		}
	}
	if (de->inum == 0)
		return;
	if (is_name(de->name, ".") || is_name(de->name, "..")) {
		problem(f, "directory %u: extra '%s' entry in slot %u", d->dir, show(de->name, buf),
		        slot);
		return;
	}
	plain_entry(d, slot, de);
}

static const uchar *dir_read(void *ctx, uint addr)
{
	struct dirscan *d = ctx;

	if (!data_block(d->f, addr) || d->f->owner[addr] != d->dir + 1)
		return NULL;
	return data_block(d->f, addr);
}

static int dir_visit(void *ctx, uint addr, int level, uint first, int tag)
{
	struct dirscan *d = ctx;
	const uchar *blk = dir_read(ctx, addr);
	struct dirent de;
	unsigned long e0 = (unsigned long)first * DPB;
	uint i;

	(void)tag;
	if (!blk)
		return 0; /* bad or shared: pass 2 already said so */
	if (level > 0)
		return 1;
	for (i = 0; i < DPB && e0 + i < d->nent; i++) {
		memcpy(&de, blk + i * sizeof(de), sizeof(de));
		entry(d, (uint)(e0 + i), &de);
	}
	return 1;
}

static int cmp_name(const void *a, const void *b)
{
	return memcmp(a, b, DIRSIZ);
}

static void scan_dir(struct dirscan *d, uint dir)
{
	struct fsck *f = d->f;
	struct dinode di;
	unsigned long size;
	char buf[DIRSIZ + 1];
	size_t i;

	if (img_get_inode(&f->im, &f->sb, dir, &di) < 0)
		return;
	d->dir = dir;
	d->parent = d->parents[dir];
	size = di.size < LAYOUT_MAXBYTES ? di.size : LAYOUT_MAXBYTES;
	if (di.size % sizeof(struct dirent) != 0)
		problem(f, "directory %u size %u is not a multiple of %zu", dir, di.size,
		        sizeof(struct dirent));
	d->nent = (uint)(size / sizeof(struct dirent));
	if (d->nent < 2)
		problem(f, "directory %u too small for '.' and '..'", dir);
	d->nnames = 0;
	bmap_walk(&di, dir_read, dir_visit, d);

	if (d->nnames > 1)
		qsort(d->names, d->nnames, sizeof(*d->names), cmp_name);
	for (i = 1; i < d->nnames; i++)
		if (memcmp(d->names[i - 1], d->names[i], DIRSIZ) == 0 &&
		    (i < 2 || memcmp(d->names[i - 2], d->names[i], DIRSIZ)))
			problem(f, "directory %u has duplicate name '%s'", dir,
			        show(d->names[i], buf));
}

static void check_links(struct fsck *f, uint inum)
{
	struct dinode di;
	uint e = f->nnames[inum], s = f->ndotdot[inum], base;

	if (img_get_inode(&f->im, &f->sb, inum, &di) < 0)
		return;
	if (!f->reached[inum] && di.nlink == 0) {
		/* Unlinked while open: kernel/fs/orphan.c frees it at mount. */
		if (!f->quiet)
			printf("fsck: note: inode %u (type %d) is an orphan, unlinked "
			       "while open; the next mount frees it\n",
			       inum, di.type);
		return;
	}
	if (!f->reached[inum]) {
		problem(f,
		        "inode %u (type %d, nlink %d) is allocated but not "
		        "reachable from the root",
		        inum, di.type, di.nlink);
		return;
	}
	if (f->kind[inum] != T_DIR) {
		if ((uint)di.nlink != e || di.nlink < 0)
			problem(f,
			        "inode %u nlink %d but %u directory entries "
			        "name it",
			        inum, di.nlink, e);
		return;
	}
	if (e != (inum == ROOTINO ? 0u : 1u))
		problem(f, "directory %u is named by %u entries, want %u", inum, e,
		        inum == ROOTINO ? 0 : 1);
	base = inum == ROOTINO ? 1 + e : e;
	if (di.nlink < 0 || ((uint)di.nlink != base && (uint)di.nlink != base + s))
		problem(f,
		        "directory %u nlink %d, want %u (or %u counting "
		        "subdirectories' '..')",
		        inum, di.nlink, base, base + s);
}

void check_dirs(struct fsck *f)
{
	struct dirscan d;
	uint *head, i;

	if (f->kind[ROOTINO] != T_DIR) {
		problem(f, "root inode %u is not a directory", ROOTINO);
		return; /* nothing is reachable: orphan reports would be noise */
	}
	memset(&d, 0, sizeof(d));
	d.f = f;
	d.parents = calloc(f->sb.ninodes, sizeof(uint));
	d.queue = calloc(f->sb.ninodes, sizeof(uint));
	if (!d.parents || !d.queue) {
		problem(f, "out of memory checking directories");
		free(d.parents);
		free(d.queue);
		return;
	}
	d.qtail = d.queue;
	f->reached[ROOTINO] = 1;
	d.parents[ROOTINO] = ROOTINO;
	*d.qtail++ = ROOTINO;
	for (head = d.queue; head < d.qtail; head++)
		scan_dir(&d, *head);

	for (i = 1; i < f->sb.ninodes; i++)
		if (f->kind[i] != 0 && f->kind[i] != KIND_BAD)
			check_links(f, i);
	free(d.names);
	free(d.parents);
	free(d.queue);
}
