/*
 * balloc.c: allocating and freeing data blocks in the on-disk bitmap.
 *
 * Bit b of the bitmap (block BBLOCK(b), byte (b % BPB) / 8, bit b % 8) is
 * set while block b is in use.  Only data blocks [fs_datastart, size) are
 * ever handed out or freed here; mkfs marks the metadata blocks in use.
 * The search starts at a hint and wraps around, so a file written
 * sequentially gets consecutive blocks.
 *
 * Locking: a bitmap block's buffer lock serialises changes to its bits;
 * everything else is the caller's transaction.
 */
#include "fs/balloc.h"
#include "fs/bcache.h"
#include "fs/fs.h"
#include "fs/log.h"
#include "lib/errno.h"

#define BYTE_FULL 0xff
#define BITS_PER_BYTE 8

/* Claim the first free bit of block range [from, to) within one bitmap block. */
static int claim_in(uint dev, uint from, uint to, uint *out)
{
	struct buf *bp = bread(dev, (uint)BBLOCK(from, fs_sb));
	if (!bp)
		return -E_IO;
	for (uint b = from; b < to; b++) {
		uint bit = b % BPB;
		uchar *byte = &bp->data[bit / BITS_PER_BYTE];
		if (*byte == BYTE_FULL && bit % BITS_PER_BYTE == 0 && b + BITS_PER_BYTE <= to) {
			b += BITS_PER_BYTE - 1; /* skip a full byte */
			continue;
		}
		uchar mask = (uchar)(1u << (bit % BITS_PER_BYTE));
		if (!(*byte & mask)) {
			*byte |= mask;
			log_write(bp);
			brelse(bp);
			*out = b;
			return 0;
		}
	}
	brelse(bp);
	return -E_NOSPC;
}

/* First free block in [from, to), bitmap block by bitmap block. */
static int claim_range(uint dev, uint from, uint to, uint *out)
{
	while (from < to) {
		uint end = from - from % BPB + BPB;
		if (end > to)
			end = to;
		int err = claim_in(dev, from, end, out);
		if (err != -E_NOSPC)
			return err;
		from = end;
	}
	return -E_NOSPC;
}

int balloc(uint dev, uint near, uint *out)
{
	uint start = fs_is_data_block(near) ? near : fs_datastart;
	int err = claim_range(dev, start, fs_sb.size, out);
	if (err == -E_NOSPC && start > fs_datastart)
		err = claim_range(dev, fs_datastart, start, out);
	if (err)
		return err;
	struct buf *z = bnew(dev, *out);
	log_write(z);
	brelse(z);
	return 0;
}

int bfree(uint dev, uint b)
{
	if (!fs_is_data_block(b)) {
		fs_corrupt("freeing block %u, which is not a data block", b);
		return -E_CORRUPT;
	}
	struct buf *bp = bread(dev, (uint)BBLOCK(b, fs_sb));
	if (!bp)
		return -E_IO;
	uint bit = b % BPB;
	uchar mask = (uchar)(1u << (bit % BITS_PER_BYTE));
	if (!(bp->data[bit / BITS_PER_BYTE] & mask)) {
		brelse(bp);
		fs_corrupt("freeing free block %u", b);
		return -E_CORRUPT;
	}
	bp->data[bit / BITS_PER_BYTE] &= (uchar)~mask;
	log_write(bp);
	brelse(bp);
	return 0;
}
