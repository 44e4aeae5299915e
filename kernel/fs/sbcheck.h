/*
 * fs/sbcheck.h: the one superblock check, compiled into the kernel (used
 * at mount by fs/fs.c) and into the host tools (mkfs/layout.c, so mkfs
 * and fsck accept exactly the images the kernel mounts).  Pure code: no
 * kernel or C-library calls, only the on-disk layout and the limits.
 */
#ifndef KITE_FS_SBCHECK_H
#define KITE_FS_SBCHECK_H

#include "../abi/fs.h"

#define SB_BLOCK 1           /* block 0 is the boot block */
#define SB_MAX_INODES 65536u /* dirent.inum is 16 bits */
/* Blocks besides the bitmap that freeing a whole file in one op may dirty. */
#define SB_TRUNC_OP_OVERHEAD 8

/* Region sizes implied by a valid superblock. */
struct sb_geometry {
	uint ninodeblocks; /* blocks holding ninodes dinodes */
	uint nbitmap;      /* bitmap blocks: one bit for each of size blocks */
	uint datastart;    /* first data block == bmapstart + nbitmap */
};

/*
 * Is sb a usable layout for a disk of disk_blocks blocks?  0 (and *g
 * filled in, if g is not null), or a short reason ("magic", "log
 * overlaps the inodes", ...) for the caller's message.  All arithmetic
 * is 64-bit, so hostile fields cannot wrap past a range check.
 */
const char *sb_validate(const struct superblock *sb, uint64 disk_blocks, struct sb_geometry *g);

#endif
