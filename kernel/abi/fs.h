/*
 * fs.h: Kite's on-disk file-system layout, shared by the kernel, mkfs and
 * fsck (and visible to user programs, as in xv6).
 *
 * Disk layout, in BSIZE blocks:
 *
 *   [ boot | super | log header + log blocks | inodes | free bitmap | data ]
 *     0      1       sb.logstart              sb.inodestart sb.bmapstart
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
#define FSVERSION 2        /* Kite layout version: 128-byte inodes with times */

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

/* The log header, in block sb.logstart: which home blocks the log holds. */
#define LOGHDR_MAX ((BSIZE - sizeof(uint)) / sizeof(uint))
struct logheader {
	uint n;                 /* committed blocks in the log; 0 = nothing to replay */
	uint block[LOGHDR_MAX]; /* home block number of log block i + 1 */
};

_Static_assert(sizeof(struct dinode) == 128, "dinode must be 128 bytes");
_Static_assert(BSIZE % sizeof(struct dinode) == 0, "inodes must tile a block");
_Static_assert(sizeof(struct dirent) == 16, "dirent must be 16 bytes");
_Static_assert(sizeof(struct logheader) == BSIZE, "log header fills a block");

#endif
