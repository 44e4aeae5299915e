/*
 * rename.c: moving a name (fsop_rename), in one log transaction, so a
 * crash leaves the old name or the new one, never neither.
 *
 * Steps:
 *   1. find the source: its parent odp, the inode ip; count the new link
 *      now (ip->nlink++), so ip is never named more often than counted;
 *   2. a directory may not move to itself or below itself: walk ".." up
 *      from the new parent ndp to the root;
 *   3. at ndp: repoint an existing entry in place (its file, or empty
 *      directory of the same kind, loses the link) or add a new one;
 *   4. remove the old entry; give back the link of step 1 unless the new
 *      name was added and the old one is still there; a directory that
 *      changed parent gets ".." naming ndp.
 * Other processes may see both names between 3 and 4, never neither.
 *
 * Locking: each step locks one directory and then what it names, never
 * two directories at once (the rule of path lookup).  rename_lock
 * serialises renames, so the shape of the tree checked in step 2 cannot
 * change before step 4: only renames move directories.  Lock order:
 * rename_lock before the log (begin_op) before inode locks.
 */
#include "fs/fsops.h"
#include "fs/fs.h"
#include "fs/inode.h"
#include "fs/dir.h"
#include "fs/path.h"
#include "fs/log.h"
#include "fs/optx.h"
#include "sync/sleeplock.h"
#include "../abi/stat.h"
#include "lib/errno.h"
#include "lib/string.h"

static struct sleeplock rename_lock; /* held for a whole rename (see above) */

void rename_init(void)
{
	sleep_init(&rename_lock, "rename");
}

static int is_dot_name(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* The inode dp names as name, referenced, in *out. */
static int find(struct inode *dp, const char *name, struct inode **out)
{
	int err = ilock(dp);
	if (err)
		return err;
	err = dir_lookup(dp, name, 0, out);
	iunlock(dp);
	return err;
}

/* Step 1: one more link for ip; its type in *type. */
static int count_link(struct inode *ip, short *type)
{
	int err = ilock(ip);
	if (err)
		return err;
	*type = ip->type;
	if (ip->nlink >= NLINK_MAX) {
		err = -E_MLINK;
	} else {
		ip->nlink++;
		err = iupdate(ip);
	}
	iunlock(ip);
	return err;
}

/* Step 2: -E_INVAL if dir is ip or below it, else 0 (or a read error). */
static int check_not_under(struct inode *ip, struct inode *dir)
{
	struct inode *cur = idup(dir);
	int err = 0;
	for (uint depth = 0; cur->inum != ROOTINO; depth++) {
		if (cur->inum == ip->inum) {
			err = -E_INVAL;
			break;
		}
		if (depth > fs_sb.ninodes) {
			fs_corrupt("directory %u: \"..\" never reaches the root", dir->inum);
			err = -E_CORRUPT;
			break;
		}
		struct inode *up;
		if ((err = find(cur, "..", &up)) != 0)
			break;
		iput(cur);
		cur = up;
	}
	iput(cur);
	return err;
}

/* Step 3, an existing target tp at ndp's offset off: give its entry to ip. */
static int replace(struct inode *ndp, uint off, struct inode *tp, struct inode *ip, short type)
{
	int err = ilock(tp);
	if (err)
		return err;
	if (type == T_DIR && tp->type != T_DIR) {
		err = -E_NOTDIR;
	} else if (type != T_DIR && tp->type == T_DIR) {
		err = -E_ISDIR;
	} else if (tp->type == T_DIR) {
		int empty = dir_isempty(tp);
		err = empty < 0 ? empty : empty ? 0 : -E_NOTEMPTY;
	}
	if (!err && tp->nlink < 1) {
		fs_corrupt("inode %u is named but has link count %d", tp->inum, tp->nlink);
		err = -E_CORRUPT;
	}
	if (!err)
		err = dir_repoint(ndp, off, ip->inum);
	if (!err) {
		tp->nlink--; /* the caller's iput frees it if that was the last link */
		err = iupdate(tp);
	}
	iunlock(tp);
	return err;
}

/* Step 3: name ip as nname in ndp; *same if that name already is ip. */
static int put_new_name(struct inode *ndp, const char *nname, struct inode *ip, short type,
                        int *same)
{
	int err = ilock(ndp);
	if (err)
		return err;
	struct inode *tp;
	uint off;
	if (ndp->nlink == 0) {
		err = -E_NOENT; /* removed while we looked */
	} else if ((err = dir_lookup(ndp, nname, &off, &tp)) == -E_NOENT) {
		err = dir_link(ndp, nname, ip->inum);
	} else if (err == 0) {
		if (tp->inum == ip->inum)
			*same = 1; /* POSIX: renaming a file to itself does nothing */
		else
			err = replace(ndp, off, tp, ip, type);
		iput(tp);
	}
	iunlock(ndp);
	return err;
}

/* Step 4: remove odp's entry oname if it still names ip (*removed). */
static int drop_old_name(struct inode *odp, const char *oname, struct inode *ip, int *removed)
{
	int err = ilock(odp);
	if (err)
		return err;
	struct inode *x;
	uint off;
	err = dir_lookup(odp, oname, &off, &x);
	if (err == 0) {
		if (x->inum == ip->inum && (err = dir_unlink(odp, off)) == 0)
			*removed = 1;
		iput(x);
	} else if (err == -E_NOENT) {
		err = 0; /* unlinked meanwhile: that unlink took its link */
	}
	iunlock(odp);
	return err;
}

/* Step 4: give back a link if drop_link; if new_parent, ".." names it. */
static int finish(struct inode *ip, int drop_link, uint new_parent)
{
	int err = ilock(ip);
	if (err)
		return err;
	if (drop_link) {
		ip->nlink--;
		err = iupdate(ip);
	}
	struct inode *x;
	uint off;
	if (!err && new_parent && (err = dir_lookup(ip, "..", &off, &x)) == 0) {
		iput(x);
		err = dir_repoint(ip, off, new_parent);
	}
	iunlock(ip);
	return err;
}

static int do_rename(struct inode *cwd, const char *oldpath, const char *newpath)
{
	char oname[DIRSIZ + 1], nname[DIRSIZ + 1];
	struct inode *odp = 0, *ndp = 0, *ip = 0;
	int err = walk(cwd, oldpath, WALK_PARENT, oname, &odp);
	if (!err)
		err = walk(cwd, newpath, WALK_PARENT, nname, &ndp);
	if (!err && (is_dot_name(oname) || is_dot_name(nname)))
		err = -E_INVAL;
	if (!err && odp->dev != ndp->dev)
		err = -E_XDEV;
	if (!err)
		err = find(odp, oname, &ip);
	short type = 0;
	if (!err)
		err = count_link(ip, &type);
	int counted = !err;
	if (!err && type == T_DIR)
		err = check_not_under(ip, ndp);
	int same = 0, added = 0, removed = 0;
	if (!err && (err = put_new_name(ndp, nname, ip, type, &same)) == 0 && !same)
		added = 1;
	if (added)
		err = drop_old_name(odp, oname, ip, &removed);
	if (counted) {
		int moved_dir = removed && type == T_DIR && odp->inum != ndp->inum;
		int e = finish(ip, !added || removed, moved_dir ? ndp->inum : 0);
		err = err ? err : e;
	}
	if (ip)
		iput(ip);
	if (ndp)
		iput(ndp);
	if (odp)
		iput(odp);
	return err;
}

int fsop_rename(struct inode *cwd, const char *oldpath, const char *newpath)
{
	acquire_sleep(&rename_lock);
	int tok = op_begin(1);
	int err = tok < 0 ? tok : op_end(tok, do_rename(cwd, oldpath, newpath));
	release_sleep(&rename_lock);
	return err;
}
