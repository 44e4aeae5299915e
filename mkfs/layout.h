/*
 * layout.h: on-disk layout helpers shared by the host tools (mkfs, fsck
 * and their tests).  Everything here is a pure function of bytes in
 * memory: no I/O, no allocation, and every access is bounds-checked, so
 * fsck can use the same code on hostile images that mkfs uses to build
 * good ones.
 */
#ifndef KITE_MKFS_LAYOUT_H
#define KITE_MKFS_LAYOUT_H

#include <stddef.h>

#include "kernel/types.h"
/*
 * kernel/stat.h defines Kite's struct stat, which collides with the
 * host's <sys/stat.h> that the tools need for fstat().  Only its T_*
 * constants are wanted here, so rename the struct while including it.
 */
#define stat kite_stat
#include "kernel/stat.h"
#undef stat
#include "kernel/fs.h"
#include "kernel/fs/sbcheck.h"

/*
 * The on-disk format is little-endian and both the host (x86_64) and the
 * target (riscv64) are too, so the tools copy structs to and from disk
 * bytes without swapping.  Refuse to build anywhere that would be wrong.
 */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "host tools assume a little-endian host");

/* A directory entry's inum is a ushort, so no inode past this is nameable. */
#define LAYOUT_MAXINODES 65536u

/* One past the largest byte offset a file may reach. */
#define LAYOUT_MAXBYTES ((unsigned long)MAXFILE * BSIZE)

/*
 * Region sizes implied by a superblock.  The superblock names where each
 * region starts; its length follows from the counts it also holds.
 */
struct geometry {
	uint ninodeblocks; /* blocks holding ninodes dinodes */
	uint nbitmap;      /* bitmap blocks: one bit for each of size blocks */
	uint datastart;    /* first data block == bmapstart + nbitmap */
};

uint geo_inodeblocks(uint ninodes);
uint geo_bitmapblocks(uint size);

/*
 * Lay out a fresh file system of `size` blocks and `ninodes` inodes with
 * the standard region order and no gaps.  Returns 0, or -1 if the
 * metadata alone does not fit in `size` blocks.
 */
int geo_make(uint size, uint ninodes, struct superblock *sb, struct geometry *g);

/*
 * Check that a superblock describes a usable layout for an image file of
 * `file_blocks` whole blocks, by the kernel's rules (kernel/fs/sbcheck.c).
 * On success fills *g and returns 0; on failure writes a one-line reason
 * (no newline) into why and returns -1.
 */
int sb_check(const struct superblock *sb, unsigned long file_blocks, struct geometry *g, char *why,
             size_t whylen);

/*
 * The root-directory name the host tools give host file `path`: its
 * basename minus one leading '_' (the build names user programs _cat,
 * _ls... so they do not clash with host tools).  Fills name (NUL-ended)
 * and returns 0, or writes why it cannot be a name and returns -1.
 */
int entry_name(const char *path, char name[DIRSIZ + 1], char *why, size_t whylen);

/*
 * An image, or a prefix of one, held in memory.  Blocks past len read as
 * missing (NULL) rather than as zeros so callers must decide what a
 * missing block means.
 */
struct image {
	uchar *data;
	unsigned long len; /* bytes */
};

uchar *img_block(const struct image *im, uint b);
int img_read_sb(const struct image *im, struct superblock *sb);

/*
 * The log (format 3, kernel/abi/fs.h): two halves, each a header and its
 * slots; a header is a commit if its checksum over it and its n copies
 * holds.  img_log_commits finds the halves to replay, in order (older
 * first; the older only if exactly one commit older, as the kernel's
 * mount does): returns how many (0..2) with halves[] filled, or -1 with
 * a one-line reason in why for a valid header that names impossible
 * home blocks or sits in the wrong half (a damaged image).  Headers or
 * copies outside the image count as not valid.
 */
int img_log_commits(const struct image *im, const struct superblock *sb, int halves[2], char *why,
                    size_t whylen);
/* Copy half h's logged blocks to their homes (h from img_log_commits). */
void img_log_replay(struct image *im, const struct superblock *sb, int h);
/* Home blocks that replaying halves[0..k) would change (0: all installed). */
uint img_log_pending(const struct image *im, const struct superblock *sb, const int *halves, int k);
/* Zero both headers (no commit left to replay); returns their block numbers in hdr[2]. */
void img_log_clear(struct image *im, const struct superblock *sb, uint hdr[2]);

/* Inode i lives at IBLOCK(i, sb), slot i % IPB.  0 on success, -1 if not. */
int img_get_inode(const struct image *im, const struct superblock *sb, uint inum,
                  struct dinode *di);
int img_put_inode(struct image *im, const struct superblock *sb, uint inum,
                  const struct dinode *di);

/*
 * Free-bitmap bit for block b: bit b % 8 of byte (b % BPB) / 8 of bitmap
 * block BBLOCK(b, sb); 1 means in use.  get returns 0/1, or -1 when the
 * bitmap block is outside the image.
 */
int img_get_bit(const struct image *im, const struct superblock *sb, uint b);
int img_set_bit(struct image *im, const struct superblock *sb, uint b, int used);

/*
 * Block-map geometry.  Logical block n of a file lives in one of three
 * trees hanging off addrs[]: a direct slot (depth 0), the single-indirect
 * block (depth 1) or the double-indirect block (depth 2).  idx[] are the
 * indices to follow inside the indirect blocks, outermost first.
 */
struct bpath {
	int slot;  /* index into dinode.addrs */
	int depth; /* number of indirect blocks between slot and data */
	uint idx[2];
};

int bmap_path(uint n, struct bpath *p);

/* Number of data blocks a file of `size` bytes covers. */
uint bmap_nblocks(unsigned long size);

/* Data blocks plus indirect blocks needed to hold `ndata` data blocks. */
uint bmap_total_blocks(uint ndata);

/*
 * Reads the contents of an indirect block for the walkers below.  Return
 * NULL to mean "do not look inside this block" (out of range, unreadable,
 * or a block the caller has decided not to trust).
 */
typedef const uchar *(*bmap_reader)(void *ctx, uint addr);

/* Address of logical block n, or 0 for a hole or an unreadable path. */
uint bmap_lookup(const struct dinode *di, uint n, bmap_reader rd, void *ctx);

/*
 * Visit every non-zero address reachable from di->addrs, depth first in
 * logical order.  level is 0 for a data block, 1 for a single-indirect
 * block and 2 for the double-indirect block; first is the first logical
 * block number the address covers.  tag is what the visit of the parent
 * indirect block returned (1 at the top).  The walker descends into an
 * indirect block only when visit returns non-zero, passing that value on,
 * so callers can carry one bit of state ("already reported") downwards.
 * Work is bounded by 1 + NADDRS + NINDIRECT * (1 + NINDIRECT) visits.
 */
typedef int (*bmap_visit)(void *ctx, uint addr, int level, uint first, int tag);
void bmap_walk(const struct dinode *di, bmap_reader rd, bmap_visit visit, void *ctx);

#endif
