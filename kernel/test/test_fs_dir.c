/*
 * test_fs_dir.c: directories with many entries, hard links and their
 * counts, symbolic links (absolute, relative, chained, through a
 * directory link, loops), name-length limits and relative paths.
 */
#include "test/ktest.h"
#include "test/test_fs_util.h"
#include "fs/fs.h"
#include "fs/fsops.h"
#include "../abi/fcntl.h"
#include "../abi/param.h"
#include "../abi/stat.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

#define NENTRIES 300 /* several directory blocks */
#define NAMEBUF 32

static int nlink_of(const char *path)
{
	struct inode *ip;
	int err = fsop_open(0, path, O_RDONLY | O_NOFOLLOW, &ip);
	if (err)
		return err;
	struct stat st;
	err = inode_stat(ip, &st);
	inode_put(ip);
	return err ? err : st.nlink;
}

KTEST(fs_dir_many)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	char name[NAMEBUF];
	int ok = fsop_mkdir(0, "/t_many") == 0;
	ok = ok && fsop_mkdir(0, "/t_many") == -E_EXIST;
	for (int i = 0; ok && i < NENTRIES; i++) {
		snprintf(name, sizeof(name), "/t_many/f%d", i);
		ok = tfs_write_file(name, name, (uint)strlen(name)) == (int)strlen(name);
	}
	/* Look a few up (first, middle, last) and check contents. */
	char back[NAMEBUF];
	for (int i = 0; ok && i < NENTRIES; i += NENTRIES / 7) {
		snprintf(name, sizeof(name), "/t_many/f%d", i);
		memset(back, 0, sizeof(back));
		ok = tfs_read_file(name, back, 0, sizeof(back)) == (int)strlen(name) &&
		     strcmp(back, name) == 0;
	}
	ok = ok && tfs_read_file("/t_many/f299/x", back, 0, 1) == -E_NOTDIR;
	ok = ok && fsop_unlink(0, "/t_many") == -E_NOTEMPTY;
	ok = ok && fsop_unlink(0, "/t_many/.") == -E_INVAL;
	ok = ok && fsop_unlink(0, "/t_many/..") == -E_INVAL;
	for (int i = 0; ok && i < NENTRIES; i++) {
		snprintf(name, sizeof(name), "/t_many/f%d", i);
		ok = fsop_unlink(0, name) == 0;
	}
	/* "..": back to the root. */
	ok = ok && tfs_inum("/t_many/..") == ROOTINO && tfs_inum("/t_many/../t_many/.") > 0;
	ok = ok && nlink_of("/t_many") == 1 && nlink_of("/") == 1;
	ok = ok && fsop_unlink(0, "/t_many") == 0;
	KT_CHECK(ok);
	KT_CHECK(fs_snap_same(&before));
}

KTEST(fs_links)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	char back[8];
	int ok = fsop_mkdir(0, "/t_ln") == 0;
	ok = ok && tfs_write_file("/t_ln/a", "hello", 5) == 5;
	ok = ok && fsop_link(0, "/t_ln/a", "/t_ln/b") == 0 && nlink_of("/t_ln/a") == 2;
	ok = ok && fsop_link(0, "/t_ln/a", "/t_ln/b") == -E_EXIST && nlink_of("/t_ln/a") == 2;
	ok = ok && fsop_link(0, "/t_ln/a", "/t_nodir/c") == -E_NOENT && nlink_of("/t_ln/a") == 2;
	ok = ok && fsop_link(0, "/t_ln", "/t_ln2") == -E_PERM;
	ok = ok && tfs_inum("/t_ln/a") == tfs_inum("/t_ln/b");
	ok = ok && fsop_unlink(0, "/t_ln/a") == 0 && nlink_of("/t_ln/b") == 1;
	ok = ok && tfs_read_file("/t_ln/b", back, 0, 5) == 5 && memcmp(back, "hello", 5) == 0;
	/* An open file outlives its last name until it is put. */
	struct inode *ip = 0;
	ok = ok && fsop_open(0, "/t_ln/b", O_RDONLY, &ip) == 0;
	ok = ok && fsop_unlink(0, "/t_ln/b") == 0;
	ok =
	    ok && ip && inode_read(ip, 0, (uint64)back, 0, 5) == 5 && memcmp(back, "hello", 5) == 0;
	if (ip)
		inode_put(ip);
	ok = ok && fsop_mknod(0, "/t_ln/dev", 1, 2) == 0;
	ip = 0;
	ok = ok && fsop_open(0, "/t_ln/dev", O_RDWR, &ip) == 0;
	ok = ok && ip && inode_type(ip) == T_DEVICE && inode_major(ip) == 1 && inode_minor(ip) == 2;
	if (ip)
		inode_put(ip);
	ok = ok && fsop_unlink(0, "/t_ln/dev") == 0;
	ok = ok && fsop_unlink(0, "/t_ln") == 0;
	KT_CHECK(ok);
	KT_CHECK(fs_snap_same(&before));
}

KTEST(fs_symlinks)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	char back[MAXPATH];
	int ok = fsop_mkdir(0, "/t_sl") == 0 && fsop_mkdir(0, "/t_sl/sub") == 0;
	ok = ok && tfs_write_file("/t_sl/sub/target", "data!", 5) == 5;
	ok = ok && fsop_symlink(0, "/t_sl/sub/target", "/t_sl/abs") == 0;
	ok = ok && fsop_symlink(0, "sub/target", "/t_sl/rel") == 0;
	ok = ok && fsop_symlink(0, "rel", "/t_sl/chain") == 0;
	ok = ok && fsop_symlink(0, "../t_sl/sub", "/t_sl/dir_link") == 0;
	ok = ok && fsop_symlink(0, "loop2", "/t_sl/loop1") == 0;
	ok = ok && fsop_symlink(0, "loop1", "/t_sl/loop2") == 0;
	ok = ok && fsop_symlink(0, "nowhere", "/t_sl/dangling") == 0;
	ok = ok && fsop_symlink(0, "x", "/t_sl/abs") == -E_EXIST;
	const char *names[] = {"/t_sl/abs", "/t_sl/rel", "/t_sl/chain", "/t_sl/dir_link/target",
	                       "/t_sl/dir_link/../dir_link/target"};
	for (uint i = 0; ok && i < sizeof(names) / sizeof(names[0]); i++) {
		memset(back, 0, 8);
		ok = tfs_read_file(names[i], back, 0, 8) == 5 && memcmp(back, "data!", 5) == 0;
	}
	ok = ok && tfs_read_file("/t_sl/loop1", back, 0, 8) == -E_LOOP;
	ok = ok && tfs_read_file("/t_sl/loop1/x", back, 0, 8) == -E_LOOP;
	ok = ok && tfs_read_file("/t_sl/dangling", back, 0, 8) == -E_NOENT;
	/* O_NOFOLLOW opens the link itself: its data is the target. */
	struct inode *ip = 0;
	ok = ok && fsop_open(0, "/t_sl/rel", O_RDONLY | O_NOFOLLOW, &ip) == 0;
	ok = ok && ip && inode_type(ip) == T_SYMLINK &&
	     inode_read(ip, 0, (uint64)back, 0, sizeof(back)) == 10 &&
	     memcmp(back, "sub/target", 10) == 0;
	if (ip)
		inode_put(ip);
	ok = ok && fsop_open(0, "/t_sl/rel", O_RDWR | O_NOFOLLOW, &ip) == -E_PERM;
	/* O_CREATE through a link opens the target. */
	ip = 0;
	ok = ok && fsop_open(0, "/t_sl/chain", O_CREATE | O_RDWR, &ip) == 0;
	ok = ok && ip && tfs_inum("/t_sl/sub/target") > 0;
	if (ip) {
		struct stat st;
		ok = ok && inode_stat(ip, &st) == 0 && (int)st.ino == tfs_inum("/t_sl/sub/target");
		inode_put(ip);
	}
	/* chdir through a link, then relative names. */
	struct inode *cwd = 0;
	ok = ok && fsop_chdir(0, "/t_sl/dir_link", &cwd) == 0;
	ok = ok && fsop_chdir(0, "/t_sl/abs", &ip) == -E_NOTDIR;
	if (cwd) {
		tfs_cwd = cwd;
		ok = ok && tfs_read_file("target", back, 0, 8) == 5;
		ok = ok && tfs_read_file("../abs", back, 0, 8) == 5;
		ok = ok && tfs_inum(".") == tfs_inum("/t_sl/sub");
		/* The process's own cwd plays no part (it is the root here). */
		ok = ok && fsop_open(0, "target", O_RDONLY, &ip) == -E_NOENT;
		tfs_cwd = 0;
		inode_put(cwd);
	}
	/* Unlinking a link leaves its target. */
	ok = ok && fsop_unlink(0, "/t_sl/abs") == 0 &&
	     tfs_read_file("/t_sl/sub/target", back, 0, 8) == 5;
	const char *rm[] = {"/t_sl/rel",        "/t_sl/chain", "/t_sl/dir_link",
	                    "/t_sl/loop1",      "/t_sl/loop2", "/t_sl/dangling",
	                    "/t_sl/sub/target", "/t_sl/sub",   "/t_sl"};
	for (uint i = 0; ok && i < sizeof(rm) / sizeof(rm[0]); i++)
		ok = fsop_unlink(0, rm[i]) == 0;
	KT_CHECK(ok);
	KT_CHECK(fs_snap_same(&before));
}

KTEST(fs_names)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	char path[MAXPATH + 8];
	struct inode *ip;
	int ok = fsop_mkdir(0, "/abcdefghijklmn") == 0; /* DIRSIZ bytes: fine */
	ok = ok && tfs_inum("/abcdefghijklmn") > 0;
	/* One more byte: the name is cut to DIRSIZ (xv6), so it names the same. */
	ok = ok && fsop_mkdir(0, "/abcdefghijklmno") == -E_EXIST;
	ip = 0;
	ok = ok && fsop_open(0, "/abcdefghijklmno", O_RDONLY, &ip) == 0;
	if (ip) {
		struct stat st;
		ok = ok && inode_stat(ip, &st) == 0 && (int)st.ino == tfs_inum("/abcdefghijklmn");
		inode_put(ip);
	}
	memset(path, 'a', sizeof(path));
	path[0] = '/';
	for (int i = 10; i < MAXPATH; i += 10)
		path[i] = '/';
	path[MAXPATH] = 0;
	ok = ok && fsop_open(0, path, O_RDONLY, &ip) == -E_NAMETOOLONG;
	ok = ok && fsop_open(0, "", O_RDONLY, &ip) == -E_NOENT;
	ok = ok && fsop_mkdir(0, "/") == -E_INVAL;
	ok = ok && fsop_unlink(0, "/abcdefghijklmn") == 0;
	KT_CHECK(ok);
	KT_CHECK(fs_snap_same(&before));
}
