/*
 * getcwd.c: the path of a directory (fsop_getcwd), found by walking ".."
 * up to the root and looking each directory's name up in its parent.
 * Nothing is stored: a directory that was renamed shows its new path.
 *
 * Locking: one directory lock at a time (the child is unlocked before its
 * parent is locked), as in path lookup; references keep both alive.
 */
#include "fs/fsops.h"
#include "fs/fs.h"
#include "fs/inode.h"
#include "fs/dir.h"
#include "fs/optx.h"
#include "../abi/param.h"
#include "../abi/stat.h"
#include "lib/errno.h"
#include "lib/string.h"

/* Prepend "/name" to the path that ends at buf + size and starts at *start. */
static int prepend(char *buf, uint *start, const char *name)
{
	uint len = (uint)strlen(name);
	if (*start < len + 1)
		return -E_RANGE;
	*start -= len + 1;
	buf[*start] = '/';
	memmove(buf + *start + 1, name, len);
	return 0;
}

/* The parent of locked directory dp, referenced, in *up; -E_NOENT if dp was removed. */
static int parent_of(struct inode *dp, struct inode **up)
{
	if (dp->type != T_DIR)
		return -E_NOTDIR;
	if (dp->nlink == 0)
		return -E_NOENT;
	return dir_lookup(dp, "..", 0, up);
}

/* One level up: cur's parent, referenced, in *out, and "/name" of cur prepended. */
static int step_up(struct inode *cur, uint depth, char *path, uint *start, struct inode **out)
{
	if (depth > fs_sb.ninodes) {
		fs_corrupt("directory %u: \"..\" never reaches the root", cur->inum);
		return -E_CORRUPT;
	}
	struct inode *up;
	int err = ilock(cur);
	if (err)
		return err;
	err = parent_of(cur, &up);
	iunlock(cur);
	if (err)
		return err;
	char name[DIRSIZ + 1];
	if ((err = ilock(up)) == 0) {
		err = dir_name_of(up, cur->inum, name);
		iunlock(up);
		if (err == -E_NOENT) {
			fs_corrupt("directory %u is not listed in its parent %u", cur->inum,
			           up->inum);
			err = -E_CORRUPT;
		}
	}
	if (!err)
		err = prepend(path, start, name);
	if (err) {
		iput(up);
		return err;
	}
	*out = up;
	return 0;
}

/* Build dir's path right-aligned in path[0 .. MAXPATH); its start in *start. */
static int walk_up(struct inode *dir, char *path, uint *start)
{
	struct inode *cur = idup(dir);
	int err = 0;
	for (uint depth = 0; cur->inum != ROOTINO; depth++) {
		struct inode *up;
		if ((err = step_up(cur, depth, path, start, &up)) != 0)
			break;
		iput(cur);
		cur = up;
	}
	iput(cur);
	return err;
}

int fsop_getcwd(struct inode *cwd, char *buf, uint size)
{
	char path[MAXPATH];
	uint start = MAXPATH - 1;
	path[start] = 0;
	int tok = op_begin(0);
	if (tok < 0)
		return tok;
	int err = cwd ? walk_up(cwd, path, &start) : 0;
	err = op_end(tok, err);
	if (err == -E_RANGE)
		return -E_NAMETOOLONG; /* longer than any path the kernel takes */
	if (err)
		return err;
	if (start == MAXPATH - 1)
		path[--start] = '/'; /* the root */
	uint len = MAXPATH - start;  /* with the NUL */
	if (len > size)
		return -E_RANGE;
	memmove(buf, path + start, len);
	return (int)len - 1;
}
