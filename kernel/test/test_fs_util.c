/*
 * test_fs_util.c: helpers for the file-system self-tests (see the header).
 */
#include "test/test_fs_util.h"
#include "fs/fs.h"
#include "fs/fsops.h"
#include "../abi/fcntl.h"
#include "../abi/stat.h"
#include "lib/errno.h"

struct inode *tfs_cwd;

int fs_snap(struct fs_snapshot *s)
{
	if (!fs_mounted())
		return -E_IO;
	return fs_free_counts(&s->free_blocks, &s->free_inodes);
}

int fs_snap_same(const struct fs_snapshot *s)
{
	struct fs_snapshot now;
	return fs_snap(&now) == 0 && now.free_blocks == s->free_blocks &&
	       now.free_inodes == s->free_inodes;
}

int tfs_write_file(const char *path, const void *buf, uint n)
{
	struct inode *ip;
	int err = fsop_open(tfs_cwd, path, O_CREATE | O_RDWR | O_TRUNC, &ip);
	if (err)
		return err;
	int r = inode_write(ip, 0, (uint64)buf, 0, n);
	inode_put(ip);
	return r;
}

int tfs_read_file(const char *path, void *buf, uint off, uint n)
{
	struct inode *ip;
	int err = fsop_open(tfs_cwd, path, O_RDONLY, &ip);
	if (err)
		return err;
	int r = inode_read(ip, 0, (uint64)buf, off, n);
	inode_put(ip);
	return r;
}

static uchar pattern_byte(uint pos, uint seed)
{
	uint x = pos * 2654435761u + seed * 40503u;
	return (uchar)(x >> 13);
}

void tfs_pattern(void *buf, uint n, uint off, uint seed)
{
	uchar *p = buf;
	for (uint i = 0; i < n; i++)
		p[i] = pattern_byte(off + i, seed);
}

int tfs_check_pattern(const void *buf, uint n, uint off, uint seed)
{
	const uchar *p = buf;
	for (uint i = 0; i < n; i++)
		if (p[i] != pattern_byte(off + i, seed))
			return 0;
	return 1;
}

int tfs_inum(const char *path)
{
	struct inode *ip;
	int err = fsop_open(tfs_cwd, path, O_RDONLY | O_NOFOLLOW, &ip);
	if (err)
		return err;
	struct stat st;
	err = inode_stat(ip, &st);
	inode_put(ip);
	return err ? err : (int)st.ino;
}
