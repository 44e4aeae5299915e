/*
 * fsck: check a Kite file-system image on the host.
 *
 *   fsck [-y] IMAGE
 *
 * -y repairs what it can (fsck_repair.c), saying what it did on lines
 * "fsck: repaired: ...", then checks again: exit 0 if the image is now
 * clean ("repaired, now clean"), 1 with the problems that remain.
 * Without -y the image is never written.
 *
 * Exit status: 0 clean (prints one "clean" line), 1 problems found (one
 * "fsck: ..." line on stdout per problem), 2 the image cannot be read at
 * all (missing, not a regular file, shorter than boot block + superblock;
 * message on stderr), 3 a Kite image of another format version (one line;
 * no repair can convert it: the Makefile sets such an image aside and
 * makes a new one).  Any other bad superblock (wrong magic or geometry,
 * or an image file shorter than sb.size blocks) is a problem (exit 1)
 * reported on one line; nothing further is checked then, since no other
 * block can be located.
 *
 * Passes, each bounded by the image's own size:
 *   1. superblock and log header;
 *   2. every inode: type, size, and every block it points at (direct,
 *      indirect, double-indirect).  Each block must lie in the data region
 *      and be claimed once; fsck never follows a block that fails a check,
 *      so loops and shared indirect blocks cannot make it revisit work;
 *   3. directories, from the root (fsck_dir.c);
 *   4. the free bitmap against the claims of pass 2.
 *
 * The image is mapped read-only (shared and writable with -y); every
 * access goes through layout.c's bounds-checked helpers.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsck.h"
#include "xalloc.h"

#define EXIT_OTHER_VERSION 3 /* see the exit statuses above */

void problem(struct fsck *f, const char *fmt, ...)
{
	va_list ap;

	f->problems++;
	if (f->quiet)
		return;
	fputs("fsck: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

const uchar *data_block(const struct fsck *f, uint addr)
{
	if (addr < f->geo.datastart || addr >= f->sb.size)
		return NULL;
	return img_block(&f->im, addr);
}

void tool_out_of_memory(void)
{
	fprintf(stderr, "fsck: out of memory\n");
	exit(2);
}

/* A committed but uninstalled log means home blocks are not final yet. */
static void check_log(struct fsck *f)
{
	int halves[2], k;
	char why[200];
	uint pending;

	k = img_log_commits(&f->im, &f->sb, halves, why, sizeof(why));
	if (k < 0) {
		problem(f, "%s", why);
		return;
	}
	pending = img_log_pending(&f->im, &f->sb, halves, k);
	if (pending)
		problem(f,
		        "log holds %u committed blocks not yet installed "
		        "(boot the kernel to replay it)",
		        pending);
}

/* --- pass 2: inodes and the blocks they claim ------------------------- */

struct claim {
	struct fsck *f;
	uint inum;
	uint need;                      /* data blocks the inode's size covers */
	uint have;                      /* data blocks within size actually present */
	int addr_bad;                   /* some address was rejected (so holes are expected) */
	uint nbeyond;                   /* blocks held past the end of the file's size */
	uint beyond_addr, beyond_first; /* the first of those, for the report */
};

static const uchar *claim_read(void *ctx, uint addr)
{
	struct claim *c = ctx;

	return data_block(c->f, addr);
}

static int claim_visit(void *ctx, uint addr, int level, uint first, int tag)
{
	struct claim *c = ctx;
	struct fsck *f = c->f;
	static const char *what[] = {"data", "indirect", "double-indirect"};

	if (addr >= f->sb.size) {
		problem(f,
		        "inode %u: %s block address %u past end of file "
		        "system (%u blocks)",
		        c->inum, what[level], addr, f->sb.size);
		c->addr_bad = 1;
		return 0;
	}
	if (addr < f->geo.datastart) {
		problem(f,
		        "inode %u: %s block address %u is in the metadata "
		        "region (data starts at %u)",
		        c->inum, what[level], addr, f->geo.datastart);
		c->addr_bad = 1;
		return 0;
	}
	if (f->owner[addr] != 0) {
		problem(f, "block %u used twice: by inode %u and by inode %u", addr,
		        f->owner[addr] - 1, c->inum);
		c->addr_bad = 1;
		return 0;
	}
	f->owner[addr] = c->inum + 1;
	(void)tag;
	if (first >= c->need) {
		/* Blocks the kernel's truncate should have freed. */
		if (c->nbeyond++ == 0) {
			c->beyond_addr = addr;
			c->beyond_first = first;
		}
		return 1;
	}
	if (level == 0)
		c->have++;
	return 1;
}

static void check_inode(struct fsck *f, uint inum)
{
	struct dinode di;
	struct claim c;
	unsigned long size;
	unsigned i;

	if (img_get_inode(&f->im, &f->sb, inum, &di) < 0)
		return; /* cannot happen: sb_check placed all inodes */
	if (di.type == 0)
		return;
	if (di.type != T_DIR && di.type != T_FILE && di.type != T_DEVICE && di.type != T_SYMLINK) {
		problem(f, "inode %u has bad type %d", inum, di.type);
		f->kind[inum] = KIND_BAD;
		return;
	}
	f->kind[inum] = (uchar)di.type;
	if (inum == 0)
		problem(f, "inode 0 is reserved but allocated (type %d)", di.type);
	size = di.size;
	if (size > LAYOUT_MAXBYTES) {
		problem(f,
		        "inode %u size %lu exceeds the maximum file size "
		        "%lu",
		        inum, size, LAYOUT_MAXBYTES);
		size = LAYOUT_MAXBYTES;
	}
	memset(&c, 0, sizeof(c));
	c.f = f;
	c.inum = inum;
	c.need = bmap_nblocks(size);
	bmap_walk(&di, claim_read, claim_visit, &c);
	if (c.nbeyond)
		problem(f,
		        "inode %u: %u blocks beyond its size %u (first: "
		        "block %u at file block %u)",
		        inum, c.nbeyond, di.size, c.beyond_addr, c.beyond_first);
	/* Regular files may have holes (they read as zeros); the kernel
	 * never leaves one in a directory, a symlink or a device. */
	if (!c.addr_bad && c.have < c.need && di.type != T_FILE)
		problem(f,
		        "inode %u: %u of the %u blocks within its size %u "
		        "are missing",
		        inum, c.need - c.have, c.need, di.size);
	for (i = 0; i < DINODE_SPARE; i++)
		if (di.spare[i]) {
			problem(f, "inode %u: spare byte %u is %u, not 0", inum, i, di.spare[i]);
			break;
		}
}

/* --- pass 4: bitmap --------------------------------------------------- */

static void check_bitmap(struct fsck *f)
{
	uint b;

	for (b = 0; b < f->sb.size; b++) {
		int bit = img_get_bit(&f->im, &f->sb, b);
		if (bit < 0)
			return; /* cannot happen: sb_check placed the bitmap */
		if (b < f->geo.datastart) {
			if (!bit)
				problem(f, "metadata block %u free in bitmap", b);
		} else if (f->owner[b] && !bit) {
			problem(f,
			        "block %u in use by inode %u but free in "
			        "bitmap",
			        b, f->owner[b] - 1);
		} else if (!f->owner[b] && bit) {
			problem(f,
			        "block %u marked in use in bitmap but used "
			        "by no inode",
			        b);
		}
	}
}

/* Map IMAGE; exits 2 if it cannot be read as an image at all. */
static void load(struct fsck *f, const char *path, int writable)
{
	struct stat st;
	void *p;
	int fd = open(path, writable ? O_RDWR : O_RDONLY);

	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(stderr, "fsck: %s: cannot open\n", path);
		exit(2);
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "fsck: %s: not a regular file\n", path);
		exit(2);
	}
	if (st.st_size < 2 * BSIZE) {
		fprintf(stderr,
		        "fsck: %s: %ld bytes, too short to hold a "
		        "superblock\n",
		        path, (long)st.st_size);
		exit(2);
	}
	p = mmap(NULL, (size_t)st.st_size, writable ? PROT_READ | PROT_WRITE : PROT_READ,
	         writable ? MAP_SHARED : MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "fsck: %s: cannot map\n", path);
		exit(2);
	}
	close(fd);
	f->im.data = p;
	f->im.len = (unsigned long)st.st_size;
}

/* One check run: every pass, problems counted in f->problems. */
static void run_checks(struct fsck *f)
{
	uint i;

	f->problems = 0;
	f->owner = xcalloc(f->sb.size, sizeof(*f->owner));
	f->kind = xcalloc(f->sb.ninodes, sizeof(*f->kind));
	f->reached = xcalloc(f->sb.ninodes, sizeof(*f->reached));
	f->nnames = xcalloc(f->sb.ninodes, sizeof(*f->nnames));
	f->ndotdot = xcalloc(f->sb.ninodes, sizeof(*f->ndotdot));
	check_log(f);
	for (i = 0; i < f->sb.ninodes; i++)
		check_inode(f, i);
	check_dirs(f);
	check_bitmap(f);
}

static void free_checks(struct fsck *f)
{
	free(f->owner);
	free(f->kind);
	free(f->reached);
	free(f->nnames);
	free(f->ndotdot);
}

/* -y: repair between check runs, then a last run that reports. */
static void repair(struct fsck *f)
{
	f->quiet = 1;
	repair_log(f);
	run_checks(f);
	repair_entries_and_inodes(f);
	free_checks(f);
	run_checks(f);
	repair_links_and_bitmap(f);
	free_checks(f);
	f->quiet = 0;
}

int main(int argc, char **argv)
{
	static struct fsck f;
	char why[200];
	int fix = argc == 3 && strcmp(argv[1], "-y") == 0;

	if (argc != 2 + fix) {
		fprintf(stderr, "usage: fsck [-y] IMAGE\n");
		return 2;
	}
	const char *path = argv[1 + fix];
	load(&f, path, fix);
	img_read_sb(&f.im, &f.sb); /* cannot fail: load saw two blocks */
	if (sb_check(&f.sb, f.im.len / BSIZE, &f.geo, why, sizeof(why)) < 0) {
		problem(&f, "%s", why);
		return f.sb.magic == FSMAGIC && f.sb.version != FSVERSION ? EXIT_OTHER_VERSION : 1;
	}
	if (fix)
		repair(&f);
	run_checks(&f);
	free_checks(&f);
	if (fix && msync(f.im.data, f.im.len, MS_SYNC) < 0) {
		fprintf(stderr, "fsck: %s: cannot write the repairs\n", path);
		return 2;
	}
	munmap(f.im.data, f.im.len);
	if (f.problems)
		return 1;
	if (f.repairs)
		printf("fsck: %s: repaired, now clean\n", path);
	else
		printf("fsck: %s: clean\n", path);
	return 0;
}
