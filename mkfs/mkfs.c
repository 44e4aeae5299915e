/*
 * mkfs: build a Kite file-system image on the host.
 *
 *   mkfs [-s NBLOCKS] [-i NINODES] IMAGE FILE...
 *
 * The root directory gets ".", ".." and one entry per FILE, named after
 * the file's basename with one leading '_' dropped (the build names user
 * programs _cat, _ls... so they do not clash with host tools), and last
 * the directory lost+found (the inode after the files'), made here so that
 * `fsck -y` never has to allocate on a damaged disk to reconnect what it
 * finds: LF_BLOCKS blocks of free slots, nlink 1 as every directory Kite
 * makes (its ".." is not counted in the root's).
 *
 * Everything is checked before IMAGE is touched, so bad input leaves no
 * half-built image behind.  The image is written sparsely: only blocks
 * holding something (boot, superblock, log header, inodes, bitmap and
 * the data actually used) are written, then the file is extended to its
 * full size with ftruncate, which keeps a 128 MiB image cheap to make.
 *
 * Every inode's mtime and ctime is the build time: $SOURCE_DATE_EPOCH
 * (seconds since 1970) if set, for reproducible images, else now.
 *
 * Data blocks are handed out in order from the first data block.  Each
 * file gets its data blocks as one contiguous run (written with a single
 * pwrite) followed by the indirect blocks that map them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kernel/param.h"
#include "layout.h"
#include "xalloc.h"

#define DEFAULT_NINODES 2048
#define LF_NAME "lost+found"
#define LF_BLOCKS 4 /* slots for 4 * BSIZE / sizeof(struct dirent) - 2 names */
/* Keep images to a size a QEMU disk and fsck's per-block tables handle. */
#define MAX_FSBLOCKS (1u << 24)

struct input {
	const char *path;
	dev_t dev; /* identity, to notice IMAGE among the inputs */
	ino_t ino;
	char name[DIRSIZ + 1]; /* NUL-terminated copy of the entry name */
	unsigned long size;    /* bytes, from fstat */
};

/* The time stamped on every inode (see the top of this file). */
static uint64 build_time;

/* Set once IMAGE exists, so a failure can remove the partial image. */
static const char *image_path;

__attribute__((noreturn)) static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("mkfs: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (image_path)
		unlink(image_path);
	/*
	 * _exit, not exit: buffers still held by callers are not leaks worth
	 * freeing on the way out, and LeakSanitizer (which runs from exit)
	 * would flag them in the sanitized test build.
	 */
	fflush(stderr);
	_exit(1);
}

void tool_out_of_memory(void)
{
	die("out of memory");
}

static unsigned long parse_count(const char *s, const char *what, unsigned long min,
                                 unsigned long max)
{
	char *end;
	unsigned long v;

	if (!s || *s < '0' || *s > '9')
		die("bad %s '%s': not a number", what, s ? s : "");
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end != '\0')
		die("bad %s '%s': not a number", what, s);
	if (v < min || v > max)
		die("bad %s %s: must be in [%lu, %lu]", what, s, min, max);
	return v;
}

/* Entry name for path: its basename minus one leading '_'. */
static void name_input(struct input *in)
{
	char why[DIRSIZ + 64];

	if (entry_name(in->path, in->name, why, sizeof(why)) < 0)
		die("%s: %s", in->path, why);
}

/* Check that path is a readable regular file that fits in an inode. */
static void stat_input(struct input *in)
{
	struct stat st;
	int fd = open(in->path, O_RDONLY);

	if (fd < 0)
		die("%s: cannot open: %s", in->path, strerror(errno));
	if (fstat(fd, &st) < 0)
		die("%s: cannot stat: %s", in->path, strerror(errno));
	close(fd);
	if (!S_ISREG(st.st_mode))
		die("%s: not a regular file", in->path);
	if ((unsigned long)st.st_size > LAYOUT_MAXBYTES)
		die("%s: %lu bytes, larger than the maximum file size %lu", in->path,
		    (unsigned long)st.st_size, LAYOUT_MAXBYTES);
	in->size = (unsigned long)st.st_size;
	in->dev = st.st_dev;
	in->ino = st.st_ino;
}

/* Creating IMAGE truncates it, which would destroy an input it names. */
static void check_not_input(const char *image, const struct input *in, int n)
{
	struct stat st;
	int i;

	if (stat(image, &st) < 0)
		return; /* does not exist yet: cannot be an input */
	for (i = 0; i < n; i++)
		if (in[i].dev == st.st_dev && in[i].ino == st.st_ino)
			die("%s: image is also input %s", image, in[i].path);
}

static int cmp_names(const void *a, const void *b)
{
	const struct input *x = *(const struct input *const *)a;
	const struct input *y = *(const struct input *const *)b;

	return strcmp(x->name, y->name);
}

static void check_duplicates(struct input *in, int n)
{
	struct input **v = xcalloc((size_t)n, sizeof(*v));
	int i;

	for (i = 0; i < n; i++)
		v[i] = &in[i];
	qsort(v, (size_t)n, sizeof(*v), cmp_names);
	for (i = 1; i < n; i++)
		if (strcmp(v[i - 1]->name, v[i]->name) == 0)
			die("%s and %s both become '%s'", v[i - 1]->path, v[i]->path, v[i]->name);
	for (i = 0; i < n; i++)
		if (strcmp(v[i]->name, LF_NAME) == 0)
			die("%s: the name '%s' is mkfs's own directory", v[i]->path, LF_NAME);
	free(v);
}

/* --- writing --------------------------------------------------------- */

struct builder {
	int fd;
	struct superblock sb;
	struct geometry geo;
	struct image meta; /* blocks [0, datastart) kept in memory */
	uint next;         /* next free data block */
};

static void write_all(struct builder *b, const void *buf, unsigned long len, uint block)
{
	const uchar *p = buf;
	off_t off = (off_t)block * BSIZE;

	while (len > 0) {
		ssize_t n = pwrite(b->fd, p, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("%s: write failed: %s", image_path,
			    n < 0 ? strerror(errno) : "short write");
		p += n;
		len -= (unsigned long)n;
		off += n;
	}
}

/* Indirect blocks of one file under construction, and their addresses. */
struct itree {
	uint addr[1 + 1 + NINDIRECT]; /* single, double, then inner singles */
	uchar *blk[1 + 1 + NINDIRECT];
};

/* Slot in struct itree for the indirect block at this path and depth. */
static int itree_slot(const struct bpath *p, int d)
{
	if (p->slot == IND_SLOT)
		return 0;
	return d == 0 ? 1 : 2 + (int)p->idx[0];
}

static uint alloc_block(struct builder *b)
{
	/* Sizes were checked up front; running out here is a bug. */
	if (b->next >= b->sb.size)
		die("internal error: out of data blocks");
	return b->next++;
}

/* Record that logical block n of inode di lives at addr. */
static void map_block(struct builder *b, struct dinode *di, struct itree *t, uint n, uint addr)
{
	struct bpath p;
	uint *slot;
	int d;

	if (bmap_path(n, &p) < 0)
		die("internal error: block %u past MAXFILE", n);
	slot = &di->addrs[p.slot];
	for (d = 0; d < p.depth; d++) {
		int k = itree_slot(&p, d);
		if (!t->blk[k]) {
			t->blk[k] = xcalloc(1, BSIZE);
			t->addr[k] = alloc_block(b);
			*slot = t->addr[k];
		}
		slot = (uint *)t->blk[k] + p.idx[d];
	}
	*slot = addr;
}

/*
 * Write `size` bytes at buf (which must be padded with zeros to a whole
 * block) as inode inum.
 */
static void write_inode(struct builder *b, uint inum, short type, const uchar *buf,
                        unsigned long size)
{
	struct dinode di;
	struct itree t;
	uint n, nb = bmap_nblocks(size), first = b->next;
	unsigned k;

	memset(&di, 0, sizeof(di));
	memset(&t, 0, sizeof(t));
	di.type = type;
	di.nlink = 1;
	di.mtime = di.ctime = build_time;
	di.size = (uint)size;
	b->next += nb;
	if (nb)
		write_all(b, buf, (unsigned long)nb * BSIZE, first);
	for (n = 0; n < nb; n++)
		map_block(b, &di, &t, n, first + n);
	for (k = 0; k < sizeof(t.blk) / sizeof(t.blk[0]); k++) {
		if (!t.blk[k])
			continue;
		write_all(b, t.blk[k], BSIZE, t.addr[k]);
		free(t.blk[k]);
	}
	if (img_put_inode(&b->meta, &b->sb, inum, &di) < 0)
		die("internal error: inode %u outside the inode blocks", inum);
}

/* Read a whole input file into a zero-padded, block-rounded buffer. */
static uchar *slurp(const struct input *in)
{
	unsigned long nb = bmap_nblocks(in->size), got = 0;
	uchar *buf = xcalloc(nb ? nb : 1, BSIZE);
	char extra;
	ssize_t n;
	int fd = open(in->path, O_RDONLY);

	if (fd < 0)
		die("%s: cannot open: %s", in->path, strerror(errno));
	while (got < in->size) {
		n = read(fd, buf + got, in->size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("%s: read failed: %s", in->path, strerror(errno));
		if (n == 0)
			break;
		got += (unsigned long)n;
	}
	if (got != in->size || read(fd, &extra, 1) != 0)
		die("%s: file changed size while being read", in->path);
	close(fd);
	return buf;
}

static void build(const char *path, uint size, uint ninodes, struct input *in, int nin)
{
	struct builder b;
	unsigned long rootbytes = (unsigned long)(nin + 3) * sizeof(struct dirent);
	uint lf = (uint)(ROOTINO + 1 + nin);
	unsigned long need;
	struct dirent *root;
	uint blk;
	int i;

	memset(&b, 0, sizeof(b));
	if (geo_make(size, ninodes, &b.sb, &b.geo) < 0)
		die("%u blocks is too small for the metadata of %u inodes", size, ninodes);
	{
		char why[256];
		if (sb_check(&b.sb, size, &b.geo, why, sizeof(why)) < 0)
			die("the kernel would not mount this layout: %s", why);
	}
	/* Inode 0 is never used, inode 1 is the root, lost+found follows the files. */
	if ((unsigned long)nin + ROOTINO + 2 > ninodes)
		die("too many files: %d files need %d inodes, have %u", nin, nin + ROOTINO + 2,
		    ninodes);
	need = bmap_total_blocks(bmap_nblocks(rootbytes)) + bmap_total_blocks(LF_BLOCKS);
	for (i = 0; i < nin; i++)
		need += bmap_total_blocks(bmap_nblocks(in[i].size));
	if (need > b.sb.nblocks)
		die("image too small: files need %lu data blocks, %u blocks "
		    "leave %u",
		    need, size, b.sb.nblocks);

	b.meta.len = (unsigned long)b.geo.datastart * BSIZE;
	b.meta.data = xcalloc(b.geo.datastart, BSIZE);
	memcpy(img_block(&b.meta, 1), &b.sb, sizeof(b.sb));
	b.next = b.geo.datastart;

	b.fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (b.fd < 0)
		die("%s: cannot create: %s", path, strerror(errno));
	image_path = path;

	/* Root directory: ".", "..", then the files as inodes 2, 3, ... */
	root = xcalloc(bmap_nblocks(rootbytes), BSIZE);
	root[0].inum = ROOTINO;
	strcpy(root[0].name, ".");
	root[1].inum = ROOTINO;
	strcpy(root[1].name, "..");
	for (i = 0; i < nin; i++) {
		root[i + 2].inum = (ushort)(ROOTINO + 1 + i);
		/* strncpy's NUL padding is exactly the on-disk format. */
		strncpy(root[i + 2].name, in[i].name, DIRSIZ);
	}
	root[nin + 2].inum = (ushort)lf;
	strcpy(root[nin + 2].name, LF_NAME);
	write_inode(&b, ROOTINO, T_DIR, (const uchar *)root, rootbytes);
	free(root);

	struct dirent *lfd = xcalloc(LF_BLOCKS, BSIZE);
	lfd[0].inum = (ushort)lf;
	strcpy(lfd[0].name, ".");
	lfd[1].inum = ROOTINO;
	strcpy(lfd[1].name, "..");
	write_inode(&b, lf, T_DIR, (const uchar *)lfd, (unsigned long)LF_BLOCKS * BSIZE);
	free(lfd);

	for (i = 0; i < nin; i++) {
		uchar *buf = slurp(&in[i]);
		write_inode(&b, (uint)(ROOTINO + 1 + i), T_FILE, buf, in[i].size);
		free(buf);
	}

	/* Everything below b.next is in use: metadata and allocated data. */
	for (blk = 0; blk < b.next; blk++)
		img_set_bit(&b.meta, &b.sb, blk, 1);
	/* Boot block, superblock and half 0's log header (the rest of the log
	 * stays a hole of zeros: no valid header), then inodes and bitmap. */
	write_all(&b, b.meta.data, (unsigned long)(b.sb.logstart + 1) * BSIZE, 0);
	write_all(&b, img_block(&b.meta, b.sb.inodestart),
	          (unsigned long)(b.geo.datastart - b.sb.inodestart) * BSIZE, b.sb.inodestart);
	if (ftruncate(b.fd, (off_t)size * BSIZE) < 0)
		die("%s: cannot set size: %s", path, strerror(errno));
	if (close(b.fd) < 0)
		die("%s: close failed: %s", path, strerror(errno));
	free(b.meta.data);
}

static void usage(void)
{
	die("usage: mkfs [-s NBLOCKS] [-i NINODES] IMAGE FILE...");
}

int main(int argc, char **argv)
{
	unsigned long size = FSSIZE, ninodes = DEFAULT_NINODES;
	struct input *in;
	int c, i, nin;

	opterr = 0; /* we print our own one-line message */
	while ((c = getopt(argc, argv, "+:s:i:")) != -1) {
		switch (c) {
		case 's':
			size = parse_count(optarg, "size", 2, MAX_FSBLOCKS);
			break;
		case 'i':
			ninodes = parse_count(optarg, "inode count", ROOTINO + 1, LAYOUT_MAXINODES);
			break;
		case ':':
			die("option -%c needs a value", optopt);
			break;
		default:
			die("unknown option -%c", optopt);
		}
	}
	if (optind >= argc)
		usage();
	nin = argc - optind - 1;
	in = xcalloc((size_t)nin, sizeof(*in));
	for (i = 0; i < nin; i++) {
		in[i].path = argv[optind + 1 + i];
		name_input(&in[i]);
		stat_input(&in[i]);
	}
	check_duplicates(in, nin);
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	build_time = epoch ? parse_count(epoch, "SOURCE_DATE_EPOCH", 0, ~0UL) : (uint64)time(NULL);
	check_not_input(argv[optind], in, nin);
	build(argv[optind], (uint)size, (uint)ninodes, in, nin);
	free(in);
	return 0;
}
