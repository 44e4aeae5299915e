/*
 * fsupdate: put new and changed files into an existing Kite image and
 * leave everything else on it alone, so that what a person made inside
 * Kite survives a rebuild of the user programs.
 *
 *   fsupdate [-s NBLOCKS] IMAGE FILE...
 *
 * Each FILE goes into the root directory under the name mkfs gives it
 * (entry_name: basename minus one leading '_').  A file whose contents on
 * the image already match is not touched; a changed one keeps its inode
 * (and so its links) and gets new blocks; a new one gets a free inode and
 * a root entry.  Files on the image that are not named are never touched.
 *
 * Refused, with one line on stderr and exit 1, before anything is
 * written: a superblock the kernel would not mount, a log holding
 * committed blocks (booting Kite or fsck -y replays them), an image of
 * another size than -s NBLOCKS, an image another program holds locked
 * (QEMU locks the disk it runs on), a name on the image that is not a
 * regular file, an image with no free block or inode left.
 *
 * The image is mapped privately (copy on write), so all changes are made
 * in memory and only a complete update is written back, block by block,
 * with pwrite: a refusal half-way leaves the file as it was.  The log is
 * not used: it is empty before and after.  Prints one line saying what
 * changed.
 */
/* For F_OFD_SETLK, the open-file locks QEMU uses too (Linux). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "layout.h"
#include "xalloc.h"

/* An image larger than this many blocks is not one mkfs makes. */
#define MAX_FSBLOCKS (1u << 24)

struct upd {
	const char *path;
	int fd;
	struct image im; /* the whole file, mapped MAP_PRIVATE */
	struct superblock sb;
	struct geometry geo;
	uchar *dirty; /* per block: changed in memory, to be written back */
	uint next;    /* where the search for a free block starts */
	uint64 now;   /* mtime and ctime of what is written */
};

__attribute__((noreturn)) static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("fsupdate: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	/* _exit: as mkfs, so LeakSanitizer does not flag held buffers. */
	fflush(stderr);
	_exit(1);
}

void tool_out_of_memory(void)
{
	die("out of memory");
}

/* Block b, to be written: it goes back to the file at the end. */
static uchar *wblock(struct upd *u, uint b)
{
	uchar *p = img_block(&u->im, b);

	if (!p || b >= u->sb.size)
		die("internal error: block %u outside the image", b);
	u->dirty[b] = 1;
	return p;
}

static void put_inode(struct upd *u, uint inum, const struct dinode *di)
{
	wblock(u, (uint)IBLOCK(inum, u->sb));
	if (img_put_inode(&u->im, &u->sb, inum, di) < 0)
		die("internal error: inode %u outside the inode blocks", inum);
}

static void set_bit(struct upd *u, uint b, int used)
{
	wblock(u, (uint)BBLOCK(b, u->sb));
	img_set_bit(&u->im, &u->sb, b, used);
}

/* --- opening and checking the image ---------------------------------- */

/*
 * A write lock on the whole file fails while another program holds any
 * lock on it; QEMU holds OFD locks on the disk images it has open.
 */
static void lock_image(struct upd *u)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(u->fd, F_OFD_SETLK, &fl) == 0)
		return;
	if (errno == EAGAIN || errno == EACCES)
		die("%s is in use by another program (is Kite running in "
		    "QEMU?): not updated",
		    u->path);
	die("%s: cannot lock: %s", u->path, strerror(errno));
}

static void load(struct upd *u, const char *path, unsigned long want_size)
{
	struct stat st;
	int halves[2], nlog;
	uint pending;
	char why[256];
	void *p;

	u->path = path;
	u->fd = open(path, O_RDWR);
	if (u->fd < 0)
		die("%s: cannot open: %s", path, strerror(errno));
	if (fstat(u->fd, &st) < 0 || !S_ISREG(st.st_mode))
		die("%s: not a regular file", path);
	if (st.st_size < 2 * BSIZE)
		die("%s: %ld bytes, too short to hold a superblock", path, (long)st.st_size);
	lock_image(u);
	p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, u->fd, 0);
	if (p == MAP_FAILED)
		die("%s: cannot map: %s", path, strerror(errno));
	u->im.data = p;
	u->im.len = (unsigned long)st.st_size;
	img_read_sb(&u->im, &u->sb); /* cannot fail: two blocks are there */
	if (sb_check(&u->sb, u->im.len / BSIZE, &u->geo, why, sizeof(why)) < 0)
		die("%s: %s: not updated", path, why);
	if (want_size && u->sb.size != want_size)
		die("%s has %u blocks, not the %lu asked for: not updated", path, u->sb.size,
		    want_size);
	nlog = img_log_commits(&u->im, &u->sb, halves, why, sizeof(why));
	if (nlog < 0)
		die("%s: %s: not updated", path, why);
	pending = img_log_pending(&u->im, &u->sb, halves, nlog);
	if (pending)
		die("%s: the log holds %u committed blocks not yet installed: "
		    "boot Kite once to replay them (or run mkfs/fsck -y %s), "
		    "then update",
		    path, pending, path);
	u->dirty = xcalloc(u->sb.size, 1);
	if (nlog > 0) {
		/* Installed, but mount would replay the copies over the update. */
		uint hdr[2];

		img_log_clear(&u->im, &u->sb, hdr);
		u->dirty[hdr[0]] = u->dirty[hdr[1]] = 1;
	}
	u->next = u->geo.datastart;
}

/* Write every changed block back to the file. */
static void save(struct upd *u)
{
	uint b;

	for (b = 0; b < u->sb.size; b++) {
		const uchar *p = u->dirty[b] ? img_block(&u->im, b) : NULL;
		off_t off = (off_t)b * BSIZE;
		unsigned long done = 0;

		while (p && done < BSIZE) {
			ssize_t n = pwrite(u->fd, p + done, BSIZE - done, off + (off_t)done);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				die("%s: write failed: %s", u->path,
				    n < 0 ? strerror(errno) : "short write");
			done += (unsigned long)n;
		}
	}
	if (fsync(u->fd) < 0 || close(u->fd) < 0)
		die("%s: cannot write: %s", u->path, strerror(errno));
}

/* --- files through the block map ------------------------------------- */

/* Data-region blocks only: anything else is not followed. */
static const uchar *read_data(void *ctx, uint addr)
{
	struct upd *u = ctx;

	if (addr < u->geo.datastart || addr >= u->sb.size)
		return NULL;
	return img_block(&u->im, addr);
}

/* A file's contents (holes as zeros), in a buffer of whole blocks. */
static uchar *read_file(struct upd *u, const struct dinode *di)
{
	uint n, nb = bmap_nblocks(di->size);
	uchar *buf;

	if (di->size > LAYOUT_MAXBYTES)
		die("%s: an inode's size %u exceeds the maximum file size", u->path, di->size);
	buf = xcalloc(nb ? nb : 1, BSIZE);
	for (n = 0; n < nb; n++) {
		const uchar *p = read_data(u, bmap_lookup(di, n, read_data, u));
		if (p)
			memcpy(buf + (unsigned long)n * BSIZE, p, BSIZE);
	}
	return buf;
}

static int free_visit(void *ctx, uint addr, int level, uint first, int tag)
{
	struct upd *u = ctx;

	(void)level;
	(void)first;
	(void)tag;
	if (addr < u->geo.datastart || addr >= u->sb.size)
		return 0; /* not a block of this file: leave it alone */
	set_bit(u, addr, 0);
	return 1;
}

/* First free data block at or after u->next (then from the start), zeroed. */
static uint alloc_block(struct upd *u)
{
	uint span = u->sb.size - u->geo.datastart, i;

	for (i = 0; i < span; i++) {
		uint b = u->geo.datastart + (u->next - u->geo.datastart + i) % span;
		if (img_get_bit(&u->im, &u->sb, b) == 0) {
			set_bit(u, b, 1);
			memset(wblock(u, b), 0, BSIZE);
			u->next = b + 1 < u->sb.size ? b + 1 : u->geo.datastart;
			return b;
		}
	}
	die("%s: no free data block left (%u in all): not updated", u->path, u->sb.nblocks);
	return 0;
}

/* Make logical block n of di live at addr, adding indirect blocks. */
static void map_block(struct upd *u, struct dinode *di, uint n, uint addr)
{
	struct bpath p;
	uint *slot;
	int d;

	if (bmap_path(n, &p) < 0)
		die("internal error: block %u past MAXFILE", n);
	slot = &di->addrs[p.slot];
	for (d = 0; d < p.depth; d++) {
		if (*slot == 0)
			*slot = alloc_block(u);
		/* Blocks are 1 KiB-aligned in a page-aligned mapping. */
		slot = (uint *)(void *)wblock(u, *slot) + p.idx[d];
	}
	*slot = addr;
}

/* Replace inode inum's contents with len bytes of buf (whole blocks). */
static void write_file(struct upd *u, uint inum, struct dinode *di, const uchar *buf,
                       unsigned long len)
{
	uint n, nb = bmap_nblocks(len);

	bmap_walk(di, read_data, free_visit, u);
	memset(di->addrs, 0, sizeof(di->addrs));
	for (n = 0; n < nb; n++) {
		uint b = alloc_block(u);
		memcpy(wblock(u, b), buf + (unsigned long)n * BSIZE, BSIZE);
		map_block(u, di, n, b);
	}
	di->size = (uint)len;
	di->mtime = di->ctime = u->now;
	put_inode(u, inum, di);
}

/* --- the root directory ---------------------------------------------- */

struct rootdir {
	struct dinode di;
	uchar *buf;        /* its contents, in whole blocks with room to grow */
	unsigned long len; /* bytes in use */
	unsigned long cap; /* bytes in buf */
	int changed;
};

static void load_root(struct upd *u, struct rootdir *r)
{
	if (img_get_inode(&u->im, &u->sb, ROOTINO, &r->di) < 0 || r->di.type != T_DIR)
		die("%s: the root inode is not a directory: not updated", u->path);
	if (r->di.size % sizeof(struct dirent))
		die("%s: the root directory's size %u is not a whole number "
		    "of entries: not updated",
		    u->path, r->di.size);
	r->buf = read_file(u, &r->di);
	r->len = r->di.size;
	r->cap = (unsigned long)bmap_nblocks(r->len) * BSIZE;
}

static struct dirent *root_entry(struct rootdir *r, unsigned long i)
{
	return (struct dirent *)(void *)(r->buf + i * sizeof(struct dirent));
}

/* Inode named name in the root, or 0. */
static uint root_lookup(struct rootdir *r, const char *name)
{
	unsigned long i, n = r->len / sizeof(struct dirent);

	for (i = 0; i < n; i++) {
		struct dirent *de = root_entry(r, i);
		if (de->inum && strncmp(de->name, name, DIRSIZ) == 0)
			return de->inum;
	}
	return 0;
}

/* Name inum in the root: the first free slot, else a new one at the end. */
static void root_add(struct rootdir *r, const char *name, uint inum)
{
	unsigned long i, n = r->len / sizeof(struct dirent);
	struct dirent *de = NULL;

	for (i = 0; i < n && !de; i++)
		if (root_entry(r, i)->inum == 0)
			de = root_entry(r, i);
	if (!de) {
		if (r->len == r->cap) {
			uchar *bigger = xcalloc(r->cap / BSIZE + 1, BSIZE);
			memcpy(bigger, r->buf, r->cap);
			free(r->buf);
			r->buf = bigger;
			r->cap += BSIZE;
		}
		de = root_entry(r, n);
		r->len += sizeof(struct dirent);
	}
	/* Names of DIRSIZ bytes have no NUL on disk; shorter ones are padded. */
	memset(de, 0, sizeof(*de));
	de->inum = (ushort)inum;
	memcpy(de->name, name, strnlen(name, DIRSIZ));
	r->changed = 1;
}

static uint alloc_inode(struct upd *u)
{
	struct dinode di;
	uint inum;

	/* A directory entry's inum is a ushort: no inode past that is nameable. */
	for (inum = ROOTINO + 1; inum < u->sb.ninodes && inum < LAYOUT_MAXINODES; inum++)
		if (img_get_inode(&u->im, &u->sb, inum, &di) == 0 && di.type == 0)
			return inum;
	die("%s: no free inode left (%u in all): not updated", u->path, u->sb.ninodes);
	return 0;
}

/* --- the inputs ------------------------------------------------------ */

/* A host file's contents in whole zero-padded blocks; *len its size. */
static uchar *slurp(const char *path, unsigned long *len)
{
	struct stat st;
	unsigned long got = 0;
	uchar *buf;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		die("%s: cannot open: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		die("%s: not a regular file", path);
	if ((unsigned long)st.st_size > LAYOUT_MAXBYTES)
		die("%s: %lu bytes, larger than the maximum file size %lu", path,
		    (unsigned long)st.st_size, LAYOUT_MAXBYTES);
	*len = (unsigned long)st.st_size;
	buf = xcalloc(bmap_nblocks(*len) ? bmap_nblocks(*len) : 1, BSIZE);
	while (got < *len) {
		ssize_t n = read(fd, buf + got, *len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("%s: read failed: %s", path, n < 0 ? strerror(errno) : "file shrank");
		got += (unsigned long)n;
	}
	close(fd);
	return buf;
}

/* What happened to each input, for the one-line report. */
enum outcome { SAME, UPDATED, ADDED };

static enum outcome update_one(struct upd *u, struct rootdir *r, const char *path, const char *name)
{
	unsigned long len;
	uchar *want = slurp(path, &len), *have;
	uint inum = root_lookup(r, name);
	struct dinode di;
	enum outcome what = UPDATED;

	if (inum) {
		if (img_get_inode(&u->im, &u->sb, inum, &di) < 0)
			die("%s: /%s names inode %u, past the last inode %u: "
			    "not updated",
			    u->path, name, inum, u->sb.ninodes - 1);
		if (di.type != T_FILE)
			die("%s: /%s is not a regular file (type %d) on the "
			    "image: not replaced",
			    u->path, name, di.type);
		have = read_file(u, &di);
		if (di.size == len && memcmp(have, want, len) == 0)
			what = SAME;
		free(have);
	} else {
		inum = alloc_inode(u);
		memset(&di, 0, sizeof(di));
		di.type = T_FILE;
		di.nlink = 1;
		root_add(r, name, inum);
		what = ADDED;
	}
	if (what != SAME)
		write_file(u, inum, &di, want, len);
	free(want);
	return what;
}

/* Append " name" to a report list, or " ..." once it is full. */
static void note(char *list, size_t cap, const char *name)
{
	static const char more[] = " ...";
	size_t used = strlen(list);

	if (used + strlen(name) + sizeof(more) + 1 < cap)
		snprintf(list + used, cap - used, " %s", name);
	else if (used < sizeof(more) - 1 || strcmp(list + used - (sizeof(more) - 1), more) != 0)
		snprintf(list + used, cap - used, "%s", more);
}

int main(int argc, char **argv)
{
	static struct upd u;
	struct rootdir r;
	char updated[512] = "", added[512] = "";
	unsigned long want_size = 0, nsame = 0;
	int i, j, c;

	opterr = 0;
	while ((c = getopt(argc, argv, "+:s:")) != -1) {
		char *end;
		if (c != 's')
			die("usage: fsupdate [-s NBLOCKS] IMAGE FILE...");
		errno = 0;
		want_size = strtoul(optarg, &end, 10);
		if (errno || *end || *optarg < '0' || *optarg > '9' || want_size < 2 ||
		    want_size > MAX_FSBLOCKS)
			die("bad size '%s': must be a number in [2, %u]", optarg, MAX_FSBLOCKS);
	}
	if (argc - optind < 1)
		die("usage: fsupdate [-s NBLOCKS] IMAGE FILE...");

	char(*names)[DIRSIZ + 1] = xcalloc((size_t)argc, DIRSIZ + 1);
	for (i = optind + 1; i < argc; i++) {
		char why[DIRSIZ + 64];
		if (entry_name(argv[i], names[i], why, sizeof(why)) < 0)
			die("%s: %s", argv[i], why);
		for (j = optind + 1; j < i; j++)
			if (strcmp(names[i], names[j]) == 0)
				die("%s and %s both become '%s'", argv[j], argv[i], names[i]);
	}

	load(&u, argv[optind], want_size);
	u.now = (uint64)time(NULL);
	memset(&r, 0, sizeof(r));
	load_root(&u, &r);
	for (i = optind + 1; i < argc; i++) {
		enum outcome what = update_one(&u, &r, argv[i], names[i]);
		if (what == SAME)
			nsame++;
		else
			note(what == ADDED ? added : updated, sizeof(updated), names[i]);
	}
	if (r.changed)
		write_file(&u, ROOTINO, &r.di, r.buf, r.len);
	save(&u);

	if (!updated[0] && !added[0])
		printf("fsupdate: %s: up to date (%lu files unchanged)\n", u.path, nsame);
	else
		printf("fsupdate: %s:%s%s%s%s; %lu unchanged, nothing else "
		       "touched\n",
		       u.path, updated[0] ? " updated" : "", updated,
		       added[0] ? (updated[0] ? "; added" : " added") : "", added, nsame);
	free(r.buf);
	free(names);
	free(u.dirty);
	munmap(u.im.data, u.im.len);
	return 0;
}
