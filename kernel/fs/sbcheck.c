/*
 * sbcheck.c: the superblock check shared by the kernel and the host
 * tools (see sbcheck.h).  The rules, in order: the magic and version;
 * the image is at least as large as it says; an inode count a directory
 * entry can name; a log with its header, room for one whole operation
 * and no more slots than a header can name; the regions in order (boot,
 * superblock, log, inodes, bitmap, data) without overlap; at least one
 * data block and the data count that the layout implies; and a bitmap
 * small enough that freeing a file fits in one logged operation.
 */
#include "sbcheck.h"
#include "../abi/param.h"

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
		return "unsupported version";
	if (sb->size > disk_blocks)
		return "size larger than the disk";
	if (sb->ninodes <= ROOTINO || sb->ninodes > SB_MAX_INODES)
		return "inode count out of range";
	if (sb->nlog < MAXOPBLOCKS + 1 || sb->nlog - 1 > LOGHDR_MAX)
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
