/*
 * test_fs.c: files through the fsops interface: create, write, read back,
 * overwrite, truncate; a few MiB sequentially (reads in flight together,
 * commits batched); a file at the maximum size.  Every test checks that
 * the free block and inode counts come back to where they started.
 */
#include "test/ktest.h"
#include "test/test_fs_util.h"
#include "fs/fs.h"
#include "fs/fsops.h"
#include "fs/inode.h"
#include "fs/idata.h"
#include "fs/log.h"
#include "fs/bcache.h"
#include "dev/virtio_blk.h"
#include "mm/kmalloc.h"
#include "../abi/fcntl.h"
#include "../abi/stat.h"
#include "lib/errno.h"
#include "lib/string.h"

#define SMALL_LEN 3000 /* spans three blocks, ends mid-block */
#define BIG_CHUNK (64 * 1024)
#define BIG_LEN (3 * 1024 * 1024)
#define DATA_BLOCKS_PER_COMMIT 32 /* the bench target */
#define COMMIT_SLACK 4            /* create, truncate, unlink... */

KTEST(fs_create_rw)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	char *buf = kmalloc(2 * SMALL_LEN);
	KT_CHECK(buf);
	char *back = buf + SMALL_LEN;
	tfs_pattern(buf, SMALL_LEN, 0, 1);
	int ok = tfs_write_file("/t_basic", buf, SMALL_LEN) == SMALL_LEN;
	ok = ok && tfs_read_file("/t_basic", back, 0, SMALL_LEN + 100) == SMALL_LEN;
	ok = ok && memcmp(buf, back, SMALL_LEN) == 0;
	/* Overwrite the middle, across a block boundary. */
	struct inode *ip = 0;
	ok = ok && fsop_open(0, "/t_basic", O_RDWR, &ip) == 0;
	if (ip) {
		tfs_pattern(buf + 1000, 500, 1000, 2);
		ok = ok && inode_write(ip, 0, (uint64)(buf + 1000), 1000, 500) == 500;
		ok = ok && inode_read(ip, 0, (uint64)back, 0, SMALL_LEN) == SMALL_LEN;
		ok = ok && memcmp(buf, back, SMALL_LEN) == 0;
		ok = ok && inode_read(ip, 0, (uint64)back, SMALL_LEN, 10) == 0; /* at the end */
		struct stat st;
		ok = ok && inode_stat(ip, &st) == 0 && st.type == T_FILE && st.nlink == 1 &&
		     st.size == SMALL_LEN;
		/* Past the end: a one-byte hole that reads as zero. */
		ok = ok && inode_write(ip, 0, (uint64)buf, SMALL_LEN + 1, 1) == 1;
		ok = ok && inode_read(ip, 0, (uint64)back, SMALL_LEN, 2) == 2;
		ok = ok && back[0] == 0 && back[1] == buf[0];
		ok = ok && inode_type(ip) == T_FILE;
		inode_put(ip);
	}
	/* O_TRUNC empties it; O_CREATE of an existing file opens it. */
	ip = 0;
	ok = ok && fsop_open(0, "/t_basic", O_CREATE | O_WRONLY | O_TRUNC, &ip) == 0;
	if (ip) {
		ok = ok && inode_size(ip) == 0;
		inode_put(ip);
	}
	ok = ok && tfs_read_file("/t_basic", back, 0, SMALL_LEN) == 0;
	ok = ok && fsop_open(0, "/t_basic", 0x8000, &ip) == -E_INVAL;
	ok = ok && fsop_open(0, "/t_missing", O_RDONLY, &ip) == -E_NOENT;
	ok = ok && fsop_open(0, "/", O_RDWR, &ip) == -E_ISDIR;
	ok = ok && fsop_unlink(0, "/t_basic") == 0;
	ok = ok && fsop_unlink(0, "/t_basic") == -E_NOENT;
	kfree(buf);
	KT_CHECK(ok);
	KT_CHECK(fs_snap_same(&before));
}

/* A few MiB written and read back sequentially. */
KTEST(fs_big_sequential)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	char *buf = kmalloc(BIG_CHUNK);
	KT_CHECK(buf);
	struct inode *ip = 0;
	int ok = fsop_open(0, "/t_big", O_CREATE | O_RDWR, &ip) == 0;
	uint64 c0 = log_commits();
	for (uint off = 0; ok && off < BIG_LEN; off += BIG_CHUNK) {
		tfs_pattern(buf, BIG_CHUNK, off, 3);
		ok = inode_write(ip, 0, (uint64)buf, off, BIG_CHUNK) == BIG_CHUNK;
	}
	uint64 commits = log_commits() - c0;
	ok = ok && commits <= BIG_LEN / BSIZE / DATA_BLOCKS_PER_COMMIT;
	/* Read back from the disk: the cache may hold the whole file, so its
	 * clean blocks are dropped first (the last commit's once installed). */
	ok = ok && log_settle() == 0;
	bdrop_clean(ROOTDEV);
	struct vblk_stats s0, s1;
	virtio_blk_stats(&s0);
	for (uint off = 0; ok && off < BIG_LEN; off += BIG_CHUNK) {
		ok = inode_read(ip, 0, (uint64)buf, off, BIG_CHUNK) == BIG_CHUNK &&
		     tfs_check_pattern(buf, BIG_CHUNK, off, 3);
	}
	virtio_blk_stats(&s1);
	/* Every block from the disk, in requests of many blocks (read-ahead). */
	ok = ok && s1.reads - s0.reads >= BIG_LEN / BSIZE &&
	     s1.read_reqs - s0.read_reqs < (BIG_LEN / BSIZE) / 4;
	if (ip)
		inode_put(ip);
	ok = ok && fsop_unlink(0, "/t_big") == 0;
	kfree(buf);
	KT_CHECK(ok);
	KT_CHECK(fs_snap_same(&before));
}

/* Write in a transaction straight through writei (which may leave holes). */
static int tx_writei(struct inode *ip, const void *buf, uint off, uint n)
{
	int r = begin_op();
	if (r)
		return r;
	if ((r = ilock(ip)) == 0) {
		r = writei(ip, 0, (uint64)buf, off, n);
		iunlock(ip);
	}
	int e = end_op();
	return e ? e : r;
}

/* The last block a file can have: double-indirect mapping, and no further. */
KTEST(fs_max_file)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	char *buf = kmalloc(2 * BSIZE);
	KT_CHECK(buf);
	char *back = buf + BSIZE;
	const uint last = (MAXFILE - 1) * BSIZE;
	struct inode *ip = 0;
	int ok = fsop_open(0, "/t_max", O_CREATE | O_RDWR, &ip) == 0;
	tfs_pattern(buf, BSIZE, last, 4);
	ok = ok && tx_writei(ip, buf, last, BSIZE) == BSIZE;
	ok = ok && inode_size(ip) == (int64)MAXFILE * BSIZE;
	ok = ok && inode_read(ip, 0, (uint64)back, last, BSIZE) == BSIZE &&
	     tfs_check_pattern(back, BSIZE, last, 4);
	/* Past the end: nothing, or a short write. */
	ok = ok && tx_writei(ip, buf, MAXFILE * BSIZE, 1) == -E_FBIG;
	ok = ok && inode_write(ip, 0, (uint64)buf, MAXFILE * BSIZE, 1) == -E_FBIG;
	ok = ok && inode_write(ip, 0, (uint64)buf, last + BSIZE / 2, BSIZE) == BSIZE / 2;
	/* A hole in the double-indirect range reads as zeros. */
	memset(back, 0x5a, BSIZE);
	ok = ok && inode_read(ip, 0, (uint64)back, last - 300 * BSIZE, BSIZE) == BSIZE;
	for (int i = 0; ok && i < BSIZE; i++)
		ok = back[i] == 0;
	/* Truncate frees the indirect blocks too. */
	if (ip)
		inode_put(ip);
	ip = 0;
	ok = ok && fsop_open(0, "/t_max", O_RDWR | O_TRUNC, &ip) == 0;
	if (ip)
		inode_put(ip);
	ok = ok && fsop_unlink(0, "/t_max") == 0;
	kfree(buf);
	KT_CHECK(ok);
	KT_CHECK(fs_snap_same(&before));
}

/* A file well into the double-indirect range, shrunk and grown again. */
#define TRUNC_BLOCKS (NDIRECT + NINDIRECT + 40)
#define TRUNC_KEEP ((NDIRECT + 10) * BSIZE + 100) /* mid-block, in the single-indirect range */
#define HOLE_AT (5 * 1024 * 1024)                 /* a hole of megabytes */
KTEST(fs_truncate_to)
{
	struct fs_snapshot before;
	char *buf = kmalloc(BSIZE);
	KT_CHECK(buf);
	struct inode *ip = 0;
	/* The snapshot comes after the name is made: a full root directory
	 * grows by a block for it, and directories never shrink. */
	int ok = fsop_open(0, "/t_trunc", O_CREATE | O_RDWR, &ip) == 0;
	KT_CHECK(fs_snap(&before) == 0);
	for (uint b = 0; ok && b < TRUNC_BLOCKS; b++) {
		tfs_pattern(buf, BSIZE, b * BSIZE, 3);
		TSTEP(ok, inode_write(ip, 0, (uint64)buf, b * BSIZE, BSIZE) == BSIZE);
	}
	TSTEP(ok, inode_truncate(ip, TRUNC_KEEP) == 0);
	TSTEP(ok, inode_size(ip) == TRUNC_KEEP);
	TSTEP(ok, inode_truncate(ip, TRUNC_KEEP + BSIZE) == 0); /* grow: zeros */
	uint at = TRUNC_KEEP - TRUNC_KEEP % BSIZE;
	TSTEP(ok, inode_read(ip, 0, (uint64)buf, at, BSIZE) == BSIZE);
	TSTEP(ok, tfs_check_pattern(buf, TRUNC_KEEP % BSIZE, at, 3));
	for (uint i = TRUNC_KEEP % BSIZE; ok && i < BSIZE; i++)
		TSTEP(ok, buf[i] == 0);
	/* A write far past the end allocates one block; the gap reads as zeros. */
	TSTEP(ok, inode_write(ip, 0, (uint64) "x", HOLE_AT, 1) == 1);
	TSTEP(ok, inode_read(ip, 0, (uint64)buf, HOLE_AT - BSIZE, BSIZE) == BSIZE);
	for (uint i = 0; ok && i < BSIZE; i++)
		TSTEP(ok, buf[i] == 0);
	TSTEP(ok, inode_truncate(ip, -1) == -E_INVAL);
	TSTEP(ok, inode_truncate(ip, (int64)MAXFILE * BSIZE + 1) == -E_FBIG);
	TSTEP(ok, inode_truncate(ip, 0) == 0 && inode_size(ip) == 0);
	TSTEP(ok, inode_sync() == 0);
	int same = fs_snap_same(&before); /* every block of the file is free again */
	if (ip)
		inode_put(ip);
	TSTEP(ok, fsop_unlink(0, "/t_trunc") == 0);
	struct inode *dp = 0;
	TSTEP(ok, fsop_open(0, "/", O_RDONLY, &dp) == 0);
	TSTEP(ok, inode_truncate(dp, 0) == -E_ISDIR);
	if (dp)
		inode_put(dp);
	kfree(buf);
	KT_CHECK(ok);
	KT_CHECK(same);
}
