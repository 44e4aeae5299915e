/*
 * test_fs_util.h: helpers shared by the file-system self-tests: whole
 * file writes and reads through fsops, and the free-space snapshot every
 * test compares at its end (a test must give back what it took).
 */
#ifndef KITE_TEST_TEST_FS_UTIL_H
#define KITE_TEST_TEST_FS_UTIL_H

#include "../abi/types.h"
#include "test/ktest.h"

/*
 * In a test that must clean up after a failure: if ok is still set and
 * cond fails, record the failure (file, line) and clear ok; later steps
 * are skipped, the cleanup code runs.
 */
#define TSTEP(ok, cond)                                                                            \
	do {                                                                                       \
		if ((ok) && !(cond)) {                                                             \
			(ok) = 0;                                                                  \
			ktest_fail(__FILE__, __LINE__, #cond);                                     \
		}                                                                                  \
	} while (0)

struct inode;

struct fs_snapshot {
	uint64 free_blocks;
	uint64 free_inodes;
};

/* 0, or an error if the fs is not mounted or cannot be read. */
int fs_snap(struct fs_snapshot *s);
/* 1 if the free counts now equal s's. */
int fs_snap_same(const struct fs_snapshot *s);

/* Create/truncate path and write n bytes of buf: bytes written or -E_*. */
/* Where the helpers below start relative paths (0: the root). */
extern struct inode *tfs_cwd;
int tfs_write_file(const char *path, const void *buf, uint n);
/* Read up to n bytes of path at off into buf: bytes read or -E_*. */
int tfs_read_file(const char *path, void *buf, uint off, uint n);
/* Fill buf with a pattern that depends on seed and the byte's offset. */
void tfs_pattern(void *buf, uint n, uint off, uint seed);
/* 1 if buf holds that pattern. */
int tfs_check_pattern(const void *buf, uint n, uint off, uint seed);
/* The inode's on-disk number (path opened with O_NOFOLLOW), or -E_*. */
int tfs_inum(const char *path);

#endif
