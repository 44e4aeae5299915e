/*
 * fsck.h: state shared by the passes of fsck (fsck.c: superblock, log,
 * inodes and their blocks, bitmap; fsck_dir.c: directories, reachability
 * and link counts; fsck_repair.c and fsck_lostfound.c: the changes -y
 * makes).
 */
#ifndef KITE_MKFS_FSCK_H
#define KITE_MKFS_FSCK_H

#include "layout.h"

/* Inode kinds as fsck records them: a T_* value, 0 = free, or this. */
#define KIND_BAD 0xff

struct fsck {
	struct image im; /* the whole image file, read-only */
	struct superblock sb;
	struct geometry geo;
	unsigned long problems;
	unsigned long repairs; /* changes made by -y (fsck_repair.c) */
	int quiet;             /* count problems without printing them */

	/* Per block (sb.size): 1 + inode number of the block's user, or 0. */
	uint *owner;

	/* Per inode (sb.ninodes). */
	uchar *kind;    /* T_* for a valid allocated inode, 0, or KIND_BAD */
	uchar *reached; /* named from a reachable directory (root: always) */
	uint *nnames;   /* entries naming it, other than "." and ".." */
	uint *ndotdot;  /* ".." entries of reachable subdirectories naming it */
};

/* Report one problem: prints "fsck: <message>" as one line on stdout. */
void problem(struct fsck *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Contents of data block addr if it lies in the data region, else NULL. */
const uchar *data_block(const struct fsck *f, uint addr);

/* Directory pass; needs the inode pass (kind, owner) done first. */
void check_dirs(struct fsck *f);

/*
 * Repairs for -y (fsck_repair.c), each on a writable image.  repair_log
 * before the checks; the next two after check runs 1 and 2 (they use
 * what the run found).  Each prints one "fsck: repaired: ..." per change.
 */
void repair_log(struct fsck *f);
void repair_entries_and_inodes(struct fsck *f);
void repair_links_and_bitmap(struct fsck *f);
/* Name unreachable inode inum (a file or symlink with data) "#INUM" in
 * /lost+found, made if missing (fsck_lostfound.c); 0, or -1 to free it. */
int lost_found_keep(struct fsck *f, uint inum);
/* Reconnect unreachable directories to /lost+found (fsck_lostfound.c),
 * setting rescued[i] for every inode that comes back with them. */
void reconnect_dirs(struct fsck *f, uchar *rescued);

#endif
