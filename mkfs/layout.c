/*
 * layout.c: the on-disk geometry of a Kite file system, shared by mkfs,
 * fsck and the host tests.  See layout.h for the contracts.
 *
 * The superblock rules themselves are the kernel's own code
 * (kernel/fs/sbcheck.c, compiled into these tools too), so fsck accepts
 * exactly what the kernel mounts.
 */
#include <stdio.h>
#include <string.h>

#include "kernel/param.h"
#include "layout.h"

uint geo_inodeblocks(uint ninodes)
{
	return (uint)(((unsigned long)ninodes + IPB - 1) / IPB);
}

uint geo_bitmapblocks(uint size)
{
	return (uint)(((unsigned long)size + BPB - 1) / BPB);
}

int geo_make(uint size, uint ninodes, struct superblock *sb, struct geometry *g)
{
	/* Boot block 0 and the superblock come first; the log follows. */
	unsigned long logstart = 2;
	unsigned long nlog = 2 * (LOGSIZE + 1); /* two halves: a header + LOGSIZE slots each */
	unsigned long inodestart = logstart + nlog;
	unsigned long bmapstart = inodestart + geo_inodeblocks(ninodes);
	unsigned long datastart = bmapstart + geo_bitmapblocks(size);

	if (datastart >= size)
		return -1;
	memset(sb, 0, sizeof(*sb));
	sb->magic = FSMAGIC;
	sb->version = FSVERSION;
	sb->size = size;
	sb->nblocks = (uint)(size - datastart);
	sb->ninodes = ninodes;
	sb->nlog = (uint)nlog;
	sb->logstart = (uint)logstart;
	sb->inodestart = (uint)inodestart;
	sb->bmapstart = (uint)bmapstart;
	g->ninodeblocks = geo_inodeblocks(ninodes);
	g->nbitmap = geo_bitmapblocks(size);
	g->datastart = (uint)datastart;
	return 0;
}

int sb_check(const struct superblock *sb, unsigned long file_blocks, struct geometry *g, char *why,
             size_t whylen)
{
	struct sb_geometry sg;
	const char *bad = sb_validate(sb, file_blocks, &sg);

	if (bad) {
		snprintf(why, whylen,
		         "bad superblock: %s (magic %#x, version %u, size %u, "
		         "image %lu blocks, ninodes %u, nlog %u, logstart %u, "
		         "inodestart %u, bmapstart %u, nblocks %u)",
		         bad, sb->magic, sb->version, sb->size, file_blocks, sb->ninodes, sb->nlog,
		         sb->logstart, sb->inodestart, sb->bmapstart, sb->nblocks);
		return -1;
	}
	g->ninodeblocks = sg.ninodeblocks;
	g->nbitmap = sg.nbitmap;
	g->datastart = sg.datastart;
	return 0;
}

int entry_name(const char *path, char name[DIRSIZ + 1], char *why, size_t whylen)
{
	const char *base = strrchr(path, '/');
	size_t len;

	base = base ? base + 1 : path;
	if (*base == '_')
		base++;
	len = strlen(base);
	if (len == 0) {
		snprintf(why, whylen, "empty file name");
		return -1;
	}
	if (len > DIRSIZ) {
		snprintf(why, whylen, "name '%s' longer than %d bytes", base, DIRSIZ);
		return -1;
	}
	if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		snprintf(why, whylen, "name '%s' is reserved", base);
		return -1;
	}
	memcpy(name, base, len + 1);
	return 0;
}

uchar *img_block(const struct image *im, uint b)
{
	unsigned long off = (unsigned long)b * BSIZE;

	if (off > im->len || im->len - off < BSIZE)
		return NULL;
	return im->data + off;
}

int img_read_sb(const struct image *im, struct superblock *sb)
{
	const uchar *p = img_block(im, 1);

	if (!p)
		return -1;
	memcpy(sb, p, sizeof(*sb));
	return 0;
}

/* Where inode inum's bytes are, or NULL if outside the inode region/image. */
static uchar *inode_ptr(const struct image *im, const struct superblock *sb, uint inum)
{
	uchar *blk;

	if (inum >= sb->ninodes)
		return NULL;
	blk = img_block(im, (uint)IBLOCK(inum, *sb));
	if (!blk)
		return NULL;
	return blk + (inum % IPB) * sizeof(struct dinode);
}

int img_get_inode(const struct image *im, const struct superblock *sb, uint inum, struct dinode *di)
{
	const uchar *p = inode_ptr(im, sb, inum);

	if (!p)
		return -1;
	memcpy(di, p, sizeof(*di));
	return 0;
}

int img_put_inode(struct image *im, const struct superblock *sb, uint inum, const struct dinode *di)
{
	uchar *p = inode_ptr(im, sb, inum);

	if (!p)
		return -1;
	memcpy(p, di, sizeof(*di));
	return 0;
}

static uchar *bit_byte(const struct image *im, const struct superblock *sb, uint b)
{
	uchar *blk = img_block(im, (uint)BBLOCK(b, *sb));

	if (!blk)
		return NULL;
	return blk + (b % BPB) / 8;
}

int img_get_bit(const struct image *im, const struct superblock *sb, uint b)
{
	const uchar *p = bit_byte(im, sb, b);

	if (!p)
		return -1;
	return (*p >> (b % 8)) & 1;
}

int img_set_bit(struct image *im, const struct superblock *sb, uint b, int used)
{
	uchar *p = bit_byte(im, sb, b);

	if (!p)
		return -1;
	if (used)
		*p |= (uchar)(1u << (b % 8));
	else
		*p &= (uchar) ~(1u << (b % 8));
	return 0;
}

int bmap_path(uint n, struct bpath *p)
{
	if (n < NDIRECT) {
		p->slot = (int)n;
		p->depth = 0;
		return 0;
	}
	n -= NDIRECT;
	if (n < NINDIRECT) {
		p->slot = IND_SLOT;
		p->depth = 1;
		p->idx[0] = n;
		return 0;
	}
	n -= NINDIRECT;
	if (n < NDINDIRECT) {
		p->slot = DIND_SLOT;
		p->depth = 2;
		p->idx[0] = n / NINDIRECT;
		p->idx[1] = n % NINDIRECT;
		return 0;
	}
	return -1;
}

uint bmap_nblocks(unsigned long size)
{
	return (uint)((size + BSIZE - 1) / BSIZE);
}

uint bmap_total_blocks(uint ndata)
{
	uint total = ndata;

	if (ndata > NDIRECT)
		total += 1; /* the single-indirect block */
	if (ndata > NDIRECT + NINDIRECT) {
		uint rest = ndata - NDIRECT - NINDIRECT;
		/* the double-indirect block and the singles under it */
		total += 1 + (uint)((rest + NINDIRECT - 1) / NINDIRECT);
	}
	return total;
}

/* Entry i of an indirect block's contents (unaligned-safe). */
static uint ind_entry(const uchar *blk, uint i)
{
	uint a;

	memcpy(&a, blk + (unsigned long)i * sizeof(uint), sizeof(a));
	return a;
}

uint bmap_lookup(const struct dinode *di, uint n, bmap_reader rd, void *ctx)
{
	struct bpath p;
	uint addr;
	int d;

	if (bmap_path(n, &p) < 0)
		return 0;
	addr = di->addrs[p.slot];
	for (d = 0; d < p.depth && addr != 0; d++) {
		const uchar *blk = rd(ctx, addr);
		if (!blk)
			return 0;
		addr = ind_entry(blk, p.idx[d]);
	}
	return addr;
}

/*
 * Walk one subtree: `addr` sits at `level` (0 = data) and covers logical
 * blocks from `first`.  Recursion depth is at most 2.
 */
static void walk_tree(uint addr, int level, uint first, int tag, bmap_reader rd, bmap_visit visit,
                      void *ctx)
{
	const uchar *blk;
	uint span = level == 2 ? (uint)NINDIRECT : 1; /* blocks per child */
	uint i;

	if (addr == 0)
		return;
	tag = visit(ctx, addr, level, first, tag);
	if (level == 0 || tag == 0)
		return;
	blk = rd(ctx, addr);
	if (!blk)
		return;
	for (i = 0; i < NINDIRECT; i++)
		walk_tree(ind_entry(blk, i), level - 1, first + i * span, tag, rd, visit, ctx);
}

void bmap_walk(const struct dinode *di, bmap_reader rd, bmap_visit visit, void *ctx)
{
	int s;

	for (s = 0; s < NDIRECT; s++)
		walk_tree(di->addrs[s], 0, (uint)s, 1, rd, visit, ctx);
	walk_tree(di->addrs[IND_SLOT], 1, NDIRECT, 1, rd, visit, ctx);
	walk_tree(di->addrs[DIND_SLOT], 2, NDIRECT + NINDIRECT, 1, rd, visit, ctx);
}

/* Half h's header, copied into *lh, if it is a valid commit: 1, else 0. */
static int log_half(const struct image *im, const struct superblock *sb, int h,
                    struct logheader *lh)
{
	uint at = LOG_HALF_START(*sb, h);
	const uchar *p = img_block(im, at);
	uint64 sum;
	uint i;

	if (!p)
		return 0;
	memcpy(lh, p, sizeof(*lh));
	if (lh->n == 0 || lh->n > LOG_HALF(*sb) - 1)
		return 0;
	sum = logsum_header(lh);
	for (i = 0; i < lh->n; i++) {
		p = img_block(im, at + 1 + i);
		if (!p)
			return 0;
		sum = logsum_block(sum, p);
	}
	return sum == lh->sum;
}

/* A valid header's home blocks: in the image past the log, none twice. */
static const char *log_homes_bad(const struct superblock *sb, int h, const struct logheader *lh)
{
	uint i, j;

	if (lh->seq % 2 != (uint64)h)
		return "its sequence number belongs to the other half";
	for (i = 0; i < lh->n; i++) {
		if (lh->block[i] < sb->inodestart || lh->block[i] >= sb->size)
			return "it names a block outside the inode, bitmap and data regions";
		for (j = 0; j < i; j++)
			if (lh->block[j] == lh->block[i])
				return "it names a block twice";
	}
	return NULL;
}

int img_log_commits(const struct image *im, const struct superblock *sb, int halves[2], char *why,
                    size_t whylen)
{
	struct logheader lh[2];
	int valid[2], h, newer, k = 0;

	for (h = 0; h < 2; h++) {
		const char *bad;

		valid[h] = log_half(im, sb, h, &lh[h]);
		bad = valid[h] ? log_homes_bad(sb, h, &lh[h]) : NULL;
		if (bad) {
			snprintf(why, whylen,
			         "log half %d holds a valid header for %u blocks but %s", h,
			         lh[h].n, bad);
			return -1;
		}
	}
	if (!valid[0] && !valid[1])
		return 0;
	newer = valid[0] && (!valid[1] || lh[0].seq > lh[1].seq) ? 0 : 1;
	if (valid[1 - newer] && lh[1 - newer].seq + 1 == lh[newer].seq)
		halves[k++] = 1 - newer;
	halves[k++] = newer;
	return k;
}

void img_log_replay(struct image *im, const struct superblock *sb, int h)
{
	uint at = LOG_HALF_START(*sb, h);
	struct logheader lh;
	uint i;

	memcpy(&lh, img_block(im, at), sizeof(lh));
	for (i = 0; i < lh.n; i++)
		memcpy(img_block(im, lh.block[i]), img_block(im, at + 1 + i), BSIZE);
}

uint img_log_pending(const struct image *im, const struct superblock *sb, const int *halves, int k)
{
	struct logheader lh[2];
	uint pending = 0, i, j;
	int a, later;

	for (a = 0; a < k; a++)
		memcpy(&lh[a], img_block(im, LOG_HALF_START(*sb, halves[a])), sizeof(lh[a]));
	for (a = 0; a < k; a++)
		for (i = 0; i < lh[a].n; i++) {
			int superseded = 0;

			/* A block a later commit also holds ends up as that one's copy. */
			for (later = a + 1; later < k && !superseded; later++)
				for (j = 0; j < lh[later].n && !superseded; j++)
					superseded = lh[later].block[j] == lh[a].block[i];
			if (!superseded &&
			    memcmp(img_block(im, lh[a].block[i]),
			           img_block(im, LOG_HALF_START(*sb, halves[a]) + 1 + i),
			           BSIZE) != 0)
				pending++;
		}
	return pending;
}

void img_log_clear(struct image *im, const struct superblock *sb, uint hdr[2])
{
	int h;

	for (h = 0; h < 2; h++) {
		hdr[h] = LOG_HALF_START(*sb, h);
		memset(img_block(im, hdr[h]), 0, BSIZE);
	}
}
