/*
 * sbcheck.c: the superblock check shared by the kernel and the host
 * tools (see sbcheck.h).  The rules, in order: the magic and version;
 * the image is at least as large as it says; an inode count a directory
 * entry can name; a log of two equal halves, each with its header, room
 * for one whole operation and no more slots than a header can name; the regions in order (boot,
 * superblock, log, inodes, bitmap, data) without overlap; at least one
 * data block and the data count that the layout implies; and a bitmap
 * small enough that freeing a file fits in one logged operation.
 */
#include "sbcheck.h"
#include "../abi/param.h"

#define SB_STR2(x) #x
#define SB_STR(x) SB_STR2(x) /* a macro's value as a string literal */

static uint64 div_up(uint64 a, uint64 b)
{
	return (a + b - 1) / b;
}

const char *sb_validate(const struct superblock *sb, uint64 disk_blocks, struct sb_geometry *g)
{
	uint64 ninodeblocks = div_up(sb->ninodes, IPB);
	uint64 nbitmap = div_up(sb->size, BPB);
	uint64 logend = (uint64)sb->logstart + sb->nlog;
	uint64 inodeend = (uint64)sb->inodestart + ninodeblocks;
	uint64 bmapend = (uint64)sb->bmapstart + nbitmap;

	if (sb->magic != FSMAGIC)
		return "magic";
	if (sb->version != FSVERSION)
		return "unsupported version (not " SB_STR(
		    FSVERSION) ", this Kite's format: make a new image with mkfs)";
	if (sb->size > disk_blocks)
		return "size larger than the disk";
	if (sb->ninodes <= ROOTINO || sb->ninodes > SB_MAX_INODES)
		return "inode count out of range";
	/* Two equal halves, each a header and room for one whole operation. */
	if (sb->nlog % 2 != 0 || LOG_HALF(*sb) < MAXOPBLOCKS + 1 || LOG_HALF(*sb) - 1 > LOGHDR_MAX)
		return "log size out of range";
	if (sb->logstart <= SB_BLOCK)
		return "log overlaps the boot block or superblock";
	if (logend > sb->inodestart)
		return "log overlaps the inodes";
	if (inodeend > sb->bmapstart)
		return "inodes overlap the bitmap";
	if (bmapend >= sb->size)
		return "no data blocks";
	if (sb->nblocks != sb->size - bmapend)
		return "data block count (nblocks) does not match the layout";
	if (nbitmap + SB_TRUNC_OP_OVERHEAD > MAXOPBLOCKS)
		return "too large for the log (bitmap blocks)";
	if (g) {
		g->ninodeblocks = (uint)ninodeblocks;
		g->nbitmap = (uint)nbitmap;
		g->datastart = (uint)bmapend;
	}
	return 0;
}
