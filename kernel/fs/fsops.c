/*
 * fsops.c: whole file-system operations, each in its own transaction.
 *
 * Pattern: begin_op, resolve the path (fs/path.c), lock the inodes
 * involved (a directory before what it names), change, unlock, end_op.
 * Lookups that change nothing run without a transaction once the file
 * system is read-only (iput then never frees).  A commit that fails
 * turns the operation's result into -E_IO.
 *
 * Directory link counts: a directory's nlink counts the entries naming
 * it from its parent (so 1); its "." and its children's ".." are not
 * counted.  This is what mkfs writes and one of the two forms fsck
 * accepts.
 */
#include "fs/fsops.h"
#include "fs/fs.h"
#include "fs/inode.h"
#include "fs/idata.h"
#include "fs/bmap.h"
#include "fs/dir.h"
#include "fs/path.h"
#include "fs/log.h"
#include "fs/optx.h"
#include "fs/pagecache.h"
#include "dev/rtc.h"
#include "../abi/param.h"
#include "../abi/stat.h"
#include "../abi/fcntl.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"

int op_begin(int writes)
{
	int err = begin_op();
	if (err == -E_ROFS && !writes)
		return NO_TX;
	return err;
}

int op_end(int tok, int result)
{
	int err = tok == NO_TX ? 0 : end_op();
	return result >= 0 && err < 0 ? err : result;
}

/*
 * Create path as a new inode of this type (in a transaction).  An
 * existing T_FILE or T_DEVICE satisfies a T_FILE request; an existing
 * symlink does too if follow (its target is returned).  0 with *out
 * referenced and unlocked.
 */
static int create(struct inode *cwd, const char *path, short type, short major, short minor,
                  int follow, struct inode **out)
{
	char name[DIRSIZ + 1];
	struct inode *dp, *ip;
	int err = walk(cwd, path, WALK_PARENT, name, &dp);
	if (err)
		return err;
	if ((err = ilock(dp)) != 0) {
		iput(dp);
		return err;
	}
	if (dp->nlink == 0) { /* removed while we looked */
		iunlockput(dp);
		return -E_NOENT;
	}
	err = dir_lookup(dp, name, 0, &ip);
	if (err == 0) {
		iunlockput(dp);
		if (type == T_FILE && (err = ilock(ip)) == 0) {
			short t = ip->type;
			iunlock(ip);
			if (t == T_FILE || t == T_DEVICE) {
				*out = ip;
				return 0;
			}
			if (t == T_SYMLINK && follow) {
				iput(ip);
				return walk(cwd, path, WALK_FOLLOW, 0, out);
			}
			err = t == T_DIR ? -E_ISDIR : -E_EXIST;
		} else if (err == 0) {
			err = -E_EXIST;
		}
		iput(ip);
		return err;
	}
	if (err != -E_NOENT || (err = ialloc(dp->dev, type, &ip)) != 0) {
		iunlockput(dp);
		return err;
	}
	if ((err = ilock(ip)) != 0) {
		iput(ip);
		iunlockput(dp);
		return err;
	}
	ip->major = major;
	ip->minor = minor;
	ip->nlink = 1;
	err = iupdate(ip);
	if (!err && type == T_DIR && (err = dir_link(ip, ".", ip->inum)) == 0)
		err = dir_link(ip, "..", dp->inum);
	if (!err)
		err = dir_link(dp, name, ip->inum);
	if (err) {
		ip->nlink = 0; /* iput frees it, in this transaction */
		iupdate(ip);
		iunlockput(ip);
		iunlockput(dp);
		return err;
	}
	iunlock(ip);
	iunlockput(dp);
	*out = ip;
	return 0;
}

int fsop_open(struct inode *cwd, const char *path, int omode, struct inode **out)
{
	if (omode & ~O_ALLFLAGS)
		return -E_INVAL;
	int tok = op_begin(omode & (O_CREATE | O_TRUNC));
	if (tok < 0)
		return tok;
	int writing = omode & (O_WRONLY | O_RDWR | O_TRUNC | O_CREATE);
	struct inode *ip = 0;
	int err;
	if (omode & O_CREATE)
		err = create(cwd, path, T_FILE, 0, 0, !(omode & O_NOFOLLOW), &ip);
	else
		err = walk(cwd, path, (omode & O_NOFOLLOW) ? WALK_NOFOLLOW : WALK_FOLLOW, 0, &ip);
	if (!err) {
		if ((err = ilock(ip)) == 0) {
			if (ip->type == T_DIR && writing)
				err = -E_ISDIR;
			else if (ip->type == T_SYMLINK && writing)
				err = -E_PERM;
			else if ((omode & (O_WRONLY | O_RDWR | O_TRUNC)) &&
			         __atomic_load_n(&ip->exec_users, __ATOMIC_RELAXED) > 0)
				err = -E_TXTBSY; /* a running program: its text must not change */
			else if ((omode & O_TRUNC) && ip->type == T_FILE) {
				err = itrunc(ip);
				pagecache_truncate(ip, ip->size);
			}
			iunlock(ip);
		}
		if (err) {
			iput(ip);
			ip = 0;
		}
	}
	err = op_end(tok, err);
	if (err == 0)
		*out = ip;
	else if (ip)
		inode_put(ip); /* the commit failed: read-only now, nothing is freed */
	return err;
}

/* Create path as a new inode of type and drop it. */
static int make(struct inode *cwd, const char *path, short type, short major, short minor)
{
	int tok = op_begin(1);
	if (tok < 0)
		return tok;
	struct inode *ip;
	int err = create(cwd, path, type, major, minor, 0, &ip);
	if (err == 0)
		iput(ip);
	return op_end(tok, err);
}

int fsop_mkdir(struct inode *cwd, const char *path)
{
	return make(cwd, path, T_DIR, 0, 0);
}

int fsop_mknod(struct inode *cwd, const char *path, short major, short minor)
{
	return make(cwd, path, T_DEVICE, major, minor);
}

int fsop_link(struct inode *cwd, const char *oldpath, const char *newpath)
{
	int tok = op_begin(1);
	if (tok < 0)
		return tok;
	struct inode *ip, *dp;
	char name[DIRSIZ + 1];
	int err = walk(cwd, oldpath, WALK_NOFOLLOW, 0, &ip);
	if (err)
		return op_end(tok, err);
	if ((err = ilock(ip)) != 0) {
		iput(ip);
		return op_end(tok, err);
	}
	if (ip->type == T_DIR)
		err = -E_PERM;
	else if (ip->nlink >= NLINK_MAX)
		err = -E_MLINK;
	if (!err) {
		ip->nlink++;
		err = iupdate(ip);
	}
	iunlock(ip);
	if (err) {
		iput(ip);
		return op_end(tok, err);
	}
	if ((err = walk(cwd, newpath, WALK_PARENT, name, &dp)) == 0) {
		if ((err = ilock(dp)) == 0) {
			if (dp->dev != ip->dev)
				err = -E_XDEV;
			else if (dp->nlink == 0)
				err = -E_NOENT;
			else
				err = dir_link(dp, name, ip->inum);
			iunlock(dp);
		}
		iput(dp);
	}
	if (err && ilock(ip) == 0) {
		ip->nlink--; /* undo, in the same transaction */
		iupdate(ip);
		iunlock(ip);
	}
	iput(ip);
	return op_end(tok, err);
}

/* Remove path's last component; in a transaction. */
static int do_unlink(struct inode *cwd, const char *path)
{
	char name[DIRSIZ + 1];
	struct inode *dp, *ip;
	uint off;
	int err = walk(cwd, path, WALK_PARENT, name, &dp);
	if (err)
		return err;
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
		iput(dp);
		return -E_INVAL;
	}
	if ((err = ilock(dp)) != 0) {
		iput(dp);
		return err;
	}
	if ((err = dir_lookup(dp, name, &off, &ip)) != 0) {
		iunlockput(dp);
		return err;
	}
	if ((err = ilock(ip)) != 0) {
		iput(ip);
		iunlockput(dp);
		return err;
	}
	if (ip->nlink < 1) {
		fs_corrupt("inode %u is named but has link count %d", ip->inum, ip->nlink);
		err = -E_CORRUPT;
	} else if (ip->type == T_DIR) {
		int empty = dir_isempty(ip);
		err = empty < 0 ? empty : empty ? 0 : -E_NOTEMPTY;
	}
	if (!err)
		err = dir_unlink(dp, off);
	if (!err) {
		ip->nlink--;
		err = iupdate(ip);
	}
	iunlockput(ip); /* frees it if that was the last link and reference */
	iunlockput(dp);
	return err;
}

int fsop_unlink(struct inode *cwd, const char *path)
{
	int tok = op_begin(1);
	if (tok < 0)
		return tok;
	return op_end(tok, do_unlink(cwd, path));
}

int fsop_symlink(struct inode *cwd, const char *target, const char *path)
{
	uint64 len = strnlen(target, MAXPATH);
	if (len == 0)
		return -E_NOENT;
	if (len >= MAXPATH)
		return -E_NAMETOOLONG;
	int tok = op_begin(1);
	if (tok < 0)
		return tok;
	struct inode *ip;
	int err = create(cwd, path, T_SYMLINK, 0, 0, 0, &ip);
	if (err)
		return op_end(tok, err);
	if ((err = ilock(ip)) == 0) {
		int n = writei(ip, 0, (uint64)target, 0, (uint)len);
		err = n < 0 ? n : (uint64)n == len ? 0 : -E_IO;
		iunlock(ip);
	}
	iput(ip);
	if (err)
		do_unlink(cwd, path); /* same transaction: the link never appears */
	return op_end(tok, err);
}

int fsop_chdir(struct inode *cwd, const char *path, struct inode **newcwd)
{
	int tok = op_begin(0);
	if (tok < 0)
		return tok;
	struct inode *ip;
	int err = walk(cwd, path, WALK_FOLLOW, 0, &ip);
	if (!err) {
		if ((err = ilock(ip)) == 0) {
			if (ip->type != T_DIR)
				err = -E_NOTDIR;
			iunlock(ip);
		}
		if (err)
			iput(ip);
	}
	err = op_end(tok, err);
	if (err == 0)
		*newcwd = ip;
	return err;
}

int inode_read(struct inode *ip, int user_dst, uint64 dst, uint off, uint n)
{
	int err = ilock(ip);
	if (err)
		return err;
	int r = readi(ip, user_dst, dst, off, n);
	iunlock(ip);
	return r;
}

/*
 * Write n bytes at *offp (at the end of the file if append), advancing
 * it, one transaction per chunk; *offp and the size are read under ip's
 * lock, so a chunk lands where the offset or the end is at that moment.
 */
static int write_chunks(struct inode *ip, int user_src, uint64 src, uint *offp, uint n, int append)
{
	uint tot = 0;
	int err = 0;
	while (tot < n && !err) {
		if ((err = begin_op()) != 0)
			break;
		uint chunk = 0;
		int r = ilock(ip);
		if (r == 0) {
			uint pos = append ? ip->size : *offp;
			chunk = WRITE_TX_DATA_BLOCKS * BSIZE - pos % BSIZE;
			if (chunk > n - tot)
				chunk = n - tot;
			if (ip->type == T_DIR)
				r = -E_ISDIR;
			else
				r = writei(ip, user_src, src + tot, pos, chunk);
			if (r > 0)
				*offp = pos + (uint)r;
			iunlock(ip);
		}
		/* More chunks of this write follow: the commit may wait for them. */
		if (r > 0 && (uint)r == chunk && tot + chunk < n) {
			int e = end_op_more();
			r = e < 0 ? e : r;
		} else {
			r = op_end(0, r);
		}
		if (r < 0)
			err = r;
		else if ((uint)r < chunk)
			err = -E_FBIG; /* stop: short write */
		if (r > 0)
			tot += (uint)r;
	}
	return tot > 0 ? (int)tot : err;
}

int inode_write(struct inode *ip, int user_src, uint64 src, uint off, uint n)
{
	return write_chunks(ip, user_src, src, &off, n, 0);
}

int inode_write_at(struct inode *ip, int user_src, uint64 src, uint *off, int n, int append)
{
	if (n < 0)
		return -E_INVAL;
	if (!append)
		return write_chunks(ip, user_src, src, off, (uint)n, 0);
	acquire_sleep(&ip->append_lock); /* the chunks of one append stay together */
	int r = write_chunks(ip, user_src, src, off, (uint)n, 1);
	release_sleep(&ip->append_lock);
	return r;
}

int inode_seek(struct inode *ip, uint *off, int64 delta, int whence)
{
	int err = ilock(ip);
	if (err)
		return err;
	int64 from = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (int64)*off : (int64)ip->size;
	int64 to = from + delta;
	if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END)
		err = -E_INVAL;
	else if (to < 0 || to > (int64)MAXFILE * BSIZE)
		err = -E_INVAL;
	else
		*off = (uint)to;
	iunlock(ip);
	return err ? err : (int)to;
}

int inode_truncate(struct inode *ip, int64 len)
{
	if (len < 0 || len > (int64)MAXFILE * BSIZE)
		return len < 0 ? -E_INVAL : -E_FBIG;
	int err = begin_op();
	if (err)
		return err;
	if ((err = ilock(ip)) == 0) {
		if (ip->type == T_DIR)
			err = -E_ISDIR;
		else if (ip->type != T_FILE)
			err = -E_INVAL;
		else if ((uint)len < ip->size) {
			err = itrunc_to(ip, (uint)len);
			pagecache_truncate(ip, ip->size); /* the size it got, even on failure */
		} else if ((uint)len > ip->size) {
			ip->size = (uint)len; /* the new part is a hole: it reads as zeros */
			ip->mtime = rtc_seconds();
			err = iupdate(ip);
		}
		iunlock(ip);
	}
	return op_end(0, err);
}

int inode_sync(void)
{
	return log_sync();
}

int inode_read_at(struct inode *ip, int user_dst, uint64 dst, uint *off, int n)
{
	if (n < 0)
		return -E_INVAL;
	int err = ilock(ip);
	if (err)
		return err;
	int r = readi(ip, user_dst, dst, *off, (uint)n);
	if (r > 0)
		*off += (uint)r;
	iunlock(ip);
	return r;
}

int inode_stat(struct inode *ip, struct stat *st)
{
	int err = ilock(ip);
	if (err)
		return err;
	istat(ip, st);
	iunlock(ip);
	return 0;
}

struct inode *inode_dup(struct inode *ip)
{
	return idup(ip);
}

void inode_put(struct inode *ip)
{
	if (iput_if_cheap(ip))
		return;
	int tok = op_begin(0);
	if (tok < 0)
		tok = NO_TX; /* cannot happen: op_begin(0) only fails with NO_TX */
	iput(ip);
	op_end(tok, 0);
}

/* One field of ip, read under its lock. */
#define FIELD_TYPE 0
#define FIELD_MAJOR 1
#define FIELD_MINOR 2
static int64 field(struct inode *ip, int which)
{
	int err = ilock(ip);
	if (err)
		return err;
	int64 v = which == FIELD_TYPE ? ip->type : which == FIELD_MAJOR ? ip->major : ip->minor;
	iunlock(ip);
	return v;
}

int inode_type(struct inode *ip)
{
	return (int)field(ip, FIELD_TYPE);
}

int inode_major(struct inode *ip)
{
	return (int)field(ip, FIELD_MAJOR);
}

int inode_minor(struct inode *ip)
{
	return (int)field(ip, FIELD_MINOR);
}

int64 inode_size(struct inode *ip)
{
	int err = ilock(ip);
	if (err)
		return err;
	int64 v = ip->size;
	iunlock(ip);
	return v;
}

void inode_exec_users(struct inode *ip, int delta)
{
	int n = __atomic_add_fetch(&ip->exec_users, delta, __ATOMIC_RELAXED);
	KASSERT(n >= 0);
}
