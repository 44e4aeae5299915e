/*
 * utimes.c: setting a file's modification time (touch, or a program that
 * copies files and keeps their times).
 */
#include "fs/fsops.h"
#include "fs/inode.h"
#include "fs/path.h"
#include "fs/optx.h"

int fsop_utimes(struct inode *cwd, const char *path, uint64 mtime)
{
	int tok = op_begin(1);
	if (tok < 0)
		return tok;
	struct inode *ip;
	int err = walk(cwd, path, WALK_FOLLOW, 0, &ip);
	if (!err) {
		if ((err = ilock(ip)) == 0) {
			ip->mtime = mtime;
			err = iupdate(ip); /* also sets ctime: the inode changed */
			iunlock(ip);
		}
		iput(ip);
	}
	return op_end(tok, err);
}
