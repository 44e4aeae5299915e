/*
 * inode.h: the in-memory inode table and inode life cycle.
 *
 * iget() finds or makes a table entry and takes a reference, without
 * touching the disk.  ilock() locks it and reads the dinode if needed,
 * checking it; the fields below are valid only while locked.  iput()
 * drops a reference; when the last reference to an inode with no links
 * goes, the inode and its blocks are freed.
 *
 * Transactions: ialloc, iupdate and iput (which may free) must run inside
 * begin_op/end_op, except that iput outside one is allowed when the file
 * system is read-only (it then never frees).  Lock order: a directory's
 * inode before the inodes it names; never begin_op while holding an inode
 * lock.
 *
 * Names: this layer keeps xv6's short i* names (iget, ilock, iput, idup,
 * iupdate...) and is used only inside fs/, where the caller owns the
 * transaction.  The layers above fs/ see the same inodes through fsops.h's
 * inode_* calls, each of which runs its own transaction (inode_put is iput
 * inside one), so the prefix says which rule applies.
 */
#ifndef KITE_FS_INODE_H
#define KITE_FS_INODE_H

#include "../abi/types.h"
#include "fs/fs.h"
#include "sync/sleeplock.h"

struct stat;

struct inode {
	/* Guarded by the table lock. */
	uint dev;
	uint inum;
	int ref;

	/*
	 * Held across all the transactions of one O_APPEND write (fs/fsops.c),
	 * so appends of any size never interleave.  Lock order: append_lock,
	 * then the log (begin_op), then `lock`.
	 */
	struct sleeplock append_lock;

	/* This inode's cached pages (fs/pagecache.h), guarded by its pc.lock;
	 * dropped when ref falls to 0. */
	struct pcpage *pcpages;
	/* Processes running this file (demand-paged exec, proc/execmap.h),
	 * changed and read with atomics: while not 0, open for writing
	 * fails with -E_TXTBSY. */
	int exec_users;

	struct sleeplock lock;
	/* Guarded by `lock`. */
	int valid;  /* the fields below were read from disk */
	short type; /* T_* */
	short major;
	short minor;
	short nlink;
	uint size;
	uint addrs[NADDRS];
	uint64 mtime;    /* seconds since 1970; set by whoever changes the contents */
	uint64 ctime;    /* set by iupdate: every inode change is written through it */
	uint alloc_hint; /* last block allocated for this file: the next goes near */
	uint ra_off;     /* read-ahead (fs/idata.c): where the last read ended, bytes */
	uint ra_win;     /* blocks to read ahead (0: not started) */
	uint ra_edge;    /* file blocks below this were read ahead already */
};

void inode_table_init(void);
/* A referenced, unlocked entry for (dev, inum); 0 if the table is full. */
struct inode *iget(uint dev, uint inum);
/* Allocate an inode of this type on disk: referenced, unlocked. In a transaction. */
int ialloc(uint dev, short type, struct inode **out);
/* Lock, reading and checking the dinode: 0, -E_IO or -E_CORRUPT (then not locked). */
int ilock(struct inode *ip);
void iunlock(struct inode *ip);
/* Drop a reference, freeing the inode if it was the last and nlink is 0. */
void iput(struct inode *ip);
void iunlockput(struct inode *ip);
/*
 * Drop the reference if that cannot free the inode (1), else leave it
 * (0): the caller then needs a transaction around iput.  No transaction.
 */
int iput_if_cheap(struct inode *ip);
struct inode *idup(struct inode *ip);
/* Copy the locked inode to its dinode via the log, ctime now; 0 or -E_IO. */
int iupdate(struct inode *ip);
/* Locked. */
void istat(struct inode *ip, struct stat *st);
/* Forget every cached dinode (they are re-read at the next ilock). */
void inode_invalidate_all(void);

#endif
