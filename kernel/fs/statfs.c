/*
 * statfs.c: how big the file system is and how much of it is used (df).
 */
#include "fs/fsops.h"
#include "fs/fs.h"
#include "fs.h"
#include "../abi/stat.h"

int fsop_statfs(struct statfs *st)
{
	uint64 bfree, ffree;
	int err = fs_free_counts(&bfree, &ffree);
	if (err)
		return err;
	st->bsize = BSIZE;
	st->blocks = fs_sb.size - fs_datastart;
	st->bfree = bfree;
	st->files = fs_sb.ninodes - ROOTINO; /* inode 0 is never used */
	st->ffree = ffree;
	return 0;
}
