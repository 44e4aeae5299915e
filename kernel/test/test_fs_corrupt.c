/*
 * test_fs_corrupt.c: damaged disk contents give -E_CORRUPT (and one
 * console line, counted here and silenced), never a panic and never I/O
 * to the wrong block: a bad inode type, block addresses past the end of
 * the disk or inside the metadata, a directory with a bad size, a
 * directory entry naming an inode past the inode area, bad superblocks.
 */
#include "test/ktest.h"
#include "test/test_fs_util.h"
#include "fs/fs.h"
#include "fs/fsops.h"
#include "fs/inode.h"
#include "fs/bcache.h"
#include "fs/log.h"
#include "../abi/fcntl.h"
#include "../abi/param.h"
#include "../abi/stat.h"
#include "lib/errno.h"
#include "lib/string.h"

#define BAD_TYPE 99
#define PAST_END 10

/* Change inode inum's dinode on disk (through the log) with fn, then forget cached inodes. */
static int edit_dinode(uint inum, void (*fn)(struct dinode *, uint), uint arg)
{
	int err = begin_op();
	if (err)
		return err;
	struct buf *b = bread(fs_dev, (uint)IBLOCK(inum, fs_sb));
	if (b) {
		fn((struct dinode *)b->data + inum % IPB, arg);
		log_write(b);
		brelse(b);
	}
	err = end_op();
	inode_invalidate_all();
	return b ? err : -E_IO;
}

static void set_type(struct dinode *di, uint t)
{
	di->type = (short)t;
}
static void set_addr0(struct dinode *di, uint a)
{
	di->addrs[0] = a;
}
static void set_size(struct dinode *di, uint s)
{
	di->size = s;
}

KTEST(fs_corrupt_inode)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	char buf[BSIZE / 4];
	struct inode *ip = 0;
	int ok = 1;
	uint64 c0 = fs_corruptions();
	fs_quiet = 1;

	/* A bad type. */
	TSTEP(ok, tfs_write_file("/t_bad", "x", 1) == 1);
	int inum = tfs_inum("/t_bad");
	TSTEP(ok, inum > 0);
	TSTEP(ok, edit_dinode((uint)inum, set_type, BAD_TYPE) == 0);
	TSTEP(ok, fsop_open(0, "/t_bad", O_RDONLY, &ip) == -E_CORRUPT);
	TSTEP(ok, fsop_unlink(0, "/t_bad") == -E_CORRUPT);
	TSTEP(ok, fs_corruptions() > c0);
	TSTEP(ok, edit_dinode((uint)inum, set_type, T_FILE) == 0);

	/* A data block address past the end of the disk, then in the log. */
	uint addr = 0;
	TSTEP(ok, fsop_open(0, "/t_bad", O_RDWR, &ip) == 0);
	if (ok) {
		TSTEP(ok, ilock(ip) == 0);
		if (ok) {
			addr = ip->addrs[0];
			iunlock(ip);
		}
		inode_put(ip);
	}
	const uint bad[] = {fs_sb.size + PAST_END, fs_sb.logstart + 1, fs_sb.bmapstart};
	for (uint i = 0; ok && i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64 c1 = fs_corruptions();
		TSTEP(ok, edit_dinode((uint)inum, set_addr0, bad[i]) == 0);
		TSTEP(ok, tfs_read_file("/t_bad", buf, 0, 1) == -E_CORRUPT);
		ip = 0;
		TSTEP(ok, fsop_open(0, "/t_bad", O_RDWR, &ip) == 0);
		if (ip) {
			TSTEP(ok, inode_write(ip, 0, (uint64) "y", 0, 1) == -E_CORRUPT);
			inode_put(ip);
		}
		TSTEP(ok, fs_corruptions() > c1);
	}
	TSTEP(ok, edit_dinode((uint)inum, set_addr0, addr) == 0);
	TSTEP(ok, tfs_read_file("/t_bad", buf, 0, 1) == 1 && buf[0] == 'x');
	TSTEP(ok, fsop_unlink(0, "/t_bad") == 0);

	/* A directory whose size is not a whole number of entries. */
	TSTEP(ok, fsop_mkdir(0, "/t_bdir") == 0);
	int dnum = tfs_inum("/t_bdir");
	TSTEP(ok, dnum > 0);
	TSTEP(ok, edit_dinode((uint)dnum, set_size, 2 * sizeof(struct dirent) + 1) == 0);
	TSTEP(ok, fsop_open(0, "/t_bdir/x", O_RDONLY, &ip) == -E_CORRUPT);
	TSTEP(ok, fsop_open(0, "/t_bdir/x", O_CREATE | O_RDWR, &ip) == -E_CORRUPT);
	TSTEP(ok, edit_dinode((uint)dnum, set_size, 2 * sizeof(struct dirent)) == 0);
	TSTEP(ok, fsop_unlink(0, "/t_bdir") == 0);
	fs_quiet = 0;
	KT_CHECK(ok);
	KT_CHECK(fs_snap_same(&before));
}

/* A directory entry naming an inode number beyond the inode area. */
KTEST(fs_corrupt_dirent)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	struct inode *ip;
	int ok = 1;
	fs_quiet = 1;
	TSTEP(ok, fsop_mkdir(0, "/t_bent") == 0);
	TSTEP(ok, tfs_write_file("/t_bent/f", "z", 1) == 1);
	int fnum = tfs_inum("/t_bent/f");
	TSTEP(ok, fnum > 0);
	/* Rewrite the entry's inum in place: it is the third entry of the directory. */
	struct inode *dp = 0;
	TSTEP(ok, fsop_open(0, "/t_bent", O_RDONLY, &dp) == 0);
	uint blk = 0;
	if (dp) {
		TSTEP(ok, ilock(dp) == 0);
		if (ok) {
			blk = dp->addrs[0];
			iunlock(dp);
		}
		inode_put(dp);
	}
	for (int pass = 0; ok && pass < 2; pass++) {
		TSTEP(ok, begin_op() == 0);
		struct buf *b = ok ? bread(fs_dev, blk) : 0;
		if (b) {
			((struct dirent *)b->data)[2].inum =
			    (ushort)(pass == 0 ? fs_sb.ninodes : (uint)fnum);
			log_write(b);
			brelse(b);
		}
		if (ok)
			TSTEP(ok, end_op() == 0 && b);
		if (pass == 0)
			TSTEP(ok, fsop_open(0, "/t_bent/f", O_RDONLY, &ip) == -E_CORRUPT);
	}
	TSTEP(ok, fsop_unlink(0, "/t_bent/f") == 0 && fsop_unlink(0, "/t_bent") == 0);
	fs_quiet = 0;
	KT_CHECK(ok);
	KT_CHECK(fs_snap_same(&before));
}

KTEST(fs_superblock_check)
{
	char why[FS_WHY_LEN];
	struct superblock sb = fs_sb;
	KT_CHECK(fs_check_superblock(&sb, fs_sb.size, why) == 0);
	sb.magic ^= 1;
	KT_CHECK(fs_check_superblock(&sb, fs_sb.size, why) == -E_CORRUPT);
	KT_CHECK(strstr(why, "magic") != 0);
	sb = fs_sb;
	KT_CHECK(fs_check_superblock(&sb, fs_sb.size - 1, why) == -E_CORRUPT); /* disk too small */
	sb.version++;
	KT_CHECK(fs_check_superblock(&sb, fs_sb.size, why) == -E_CORRUPT);
	sb = fs_sb;
	sb.nlog = MAXOPBLOCKS; /* cannot hold one operation */
	KT_CHECK(fs_check_superblock(&sb, fs_sb.size, why) == -E_CORRUPT);
	sb = fs_sb;
	sb.bmapstart = sb.inodestart; /* inodes overlap the bitmap */
	KT_CHECK(fs_check_superblock(&sb, fs_sb.size, why) == -E_CORRUPT);
	sb = fs_sb;
	sb.nblocks++;
	KT_CHECK(fs_check_superblock(&sb, fs_sb.size, why) == -E_CORRUPT);
	sb = fs_sb;
	sb.ninodes = 0xffffffffu;
	KT_CHECK(fs_check_superblock(&sb, fs_sb.size, why) == -E_CORRUPT);
}
