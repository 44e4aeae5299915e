/*
 * fs.h: Kite's on-disk file-system layout, shared by the kernel, mkfs and
 * fsck (and visible to user programs, as in xv6).
 *
 * Disk layout, in BSIZE blocks:
 *
 *   [ boot | super | log: half 0, half 1 | inodes | free bitmap | data ]
 *     0      1       sb.logstart          sb.inodestart sb.bmapstart
 *
 * The log's sb.nlog blocks are two equal halves (LOG_HALF(sb) blocks
 * each): a header block, then the slots that hold one transaction's block
 * copies.  Commits alternate halves (fs/log.c).
 *
 * An inode names its data through NDIRECT direct block numbers, one
 * single-indirect block (NINDIRECT numbers) and one double-indirect block
 * (NINDIRECT single-indirect blocks), so a file can reach MAXFILE blocks
 * (a little over 64 MiB with 1 KiB blocks).
 */
#ifndef KITE_FS_H
#define KITE_FS_H

#include "types.h"

#define ROOTINO 1  /* root i-number */
#define BSIZE 1024 /* block size */

#define FSMAGIC 0x10203040 /* superblock magic (xv6's value) */
#define FSVERSION 3        /* Kite layout version: 128-byte inodes with times, two-half log */

/* The superblock, in block 1.  mkfs writes it; the kernel reads it at mount. */
struct superblock {
	uint magic;      /* must be FSMAGIC */
	uint size;       /* size of file system image (blocks) */
	uint nblocks;    /* number of data blocks */
	uint ninodes;    /* number of inodes */
	uint nlog;       /* number of log blocks (header included) */
	uint logstart;   /* block number of first log block */
	uint inodestart; /* block number of first inode block */
	uint bmapstart;  /* block number of first free map block */
	uint version;    /* must be FSVERSION */
};

#define NDIRECT 11
#define NINDIRECT (BSIZE / sizeof(uint))
#define NDINDIRECT (NINDIRECT * NINDIRECT)
#define MAXFILE (NDIRECT + NINDIRECT + NDINDIRECT)

/* addrs[] slots: NDIRECT direct, then single- and double-indirect. */
#define IND_SLOT NDIRECT
#define DIND_SLOT (NDIRECT + 1)
#define NADDRS (NDIRECT + 2)

/* On-disk inode structure. */
#define DINODE_SPARE 48 /* zero bytes that pad an inode to 128: room for later fields */
struct dinode {
	short type;         /* file type (T_* in stat.h); 0 = free */
	short major;        /* major device number (T_DEVICE only) */
	short minor;        /* minor device number (T_DEVICE only) */
	short nlink;        /* number of links to inode in file system */
	uint size;          /* size of file (bytes) */
	uint addrs[NADDRS]; /* data block addresses */
	uint64 mtime;       /* contents last changed: seconds since 1970 (UTC) */
	uint64 ctime;       /* inode last changed (contents, size, links, ...): the same */
	uchar spare[DINODE_SPARE];
};

/* Inodes per block. */
#define IPB (BSIZE / sizeof(struct dinode))

/* Block containing inode i */
#define IBLOCK(i, sb) ((i) / IPB + (sb).inodestart)

/* Bitmap bits per block */
#define BPB (BSIZE * 8)

/* Block of free map containing bit for block b */
#define BBLOCK(b, sb) ((b) / BPB + (sb).bmapstart)

/* Directory is a file containing a sequence of dirent structures. */
#define DIRSIZ 14

struct dirent {
	ushort inum;       /* 0 = unused slot */
	char name[DIRSIZ]; /* not NUL-terminated when all DIRSIZ bytes are used */
};

/* Blocks in one half of the log (its header included), and half h's header block. */
#define LOG_HALF(sb) ((sb).nlog / 2)
#define LOG_HALF_START(sb, h) ((sb).logstart + (uint)(h)*LOG_HALF(sb))

/*
 * A log half's header, the first block of the half: the transaction with
 * sequence number seq (always in half seq % 2) has its n blocks in the
 * half's next n blocks, block[i]'s copy in slot i.  The header is valid
 * (a committed transaction) only if n >= 1 and sum is logsum_header() of
 * the header's other bytes followed by logsum_block() of each of the n
 * copies.  The checksum detects torn and missing writes, not malice.
 */
#define LOGHDR_MAX ((BSIZE - 2 * sizeof(uint64) - sizeof(uint)) / sizeof(uint))
struct logheader {
	uint64 sum;             /* checksum of the rest of this block and of the n copies */
	uint64 seq;             /* commit sequence number: the larger valid one is newer */
	uint n;                 /* blocks in the transaction */
	uint block[LOGHDR_MAX]; /* home block number of slot i's copy */
};

#define LOGSUM_SEED 0x6b69746532303236ull /* "kite2026": a header of zeros is not valid */
#define LOGSUM_MULT 0x9e3779b97f4a7c15ull /* odd: each step is a bijection of the state */
#define LOGSUM_ROT 29
#define LOGSUM_WORDS (BSIZE / sizeof(uint64))

/*
 * One step per 64-bit little-endian word: h = rotl(h ^ w, LOGSUM_ROT) *
 * LOGSUM_MULT.  Every step is a bijection of h for a given w, so any one
 * changed word changes the result; the rotation carries high bits down.
 */
static inline uint64 logsum_words(uint64 h, const uint64 *w, uint nwords)
{
	for (uint i = 0; i < nwords; i++) {
		h ^= w[i];
		h = ((h << LOGSUM_ROT) | (h >> (64 - LOGSUM_ROT))) * LOGSUM_MULT;
	}
	return h;
}

/* The checksum's start: the header block's words after `sum`. */
static inline uint64 logsum_header(const struct logheader *lh)
{
	return logsum_words(LOGSUM_SEED, (const uint64 *)lh + 1, LOGSUM_WORDS - 1);
}

/* Fold one logged block's copy (BSIZE bytes, 8-byte aligned) into h. */
static inline uint64 logsum_block(uint64 h, const void *data)
{
	return logsum_words(h, (const uint64 *)data, LOGSUM_WORDS);
}

_Static_assert(sizeof(struct dinode) == 128, "dinode must be 128 bytes");
_Static_assert(BSIZE % sizeof(struct dinode) == 0, "inodes must tile a block");
_Static_assert(sizeof(struct dirent) == 16, "dirent must be 16 bytes");
_Static_assert(sizeof(struct logheader) == BSIZE, "log header fills a block");

#endif
