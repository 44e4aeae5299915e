/*
 * path.c: path-name resolution with symbolic links.
 *
 * The path is copied into a MAXPATH buffer and consumed component by
 * component.  Meeting a symlink replaces the consumed part with the
 * link's target: the buffer becomes "target/rest" and resolution goes on
 * from the root (absolute target) or from the directory that holds the
 * link (relative target).  A counter bounds the number of links followed.
 *
 * Locking: at most one inode lock is held at a time (the directory being
 * searched, or the link being read), so lookups cannot deadlock with each
 * other whatever the order of names ("..", links).
 */
#include "fs/path.h"
#include "fs/inode.h"
#include "fs/dir.h"
#include "fs/idata.h"
#include "../abi/param.h"
#include "../abi/stat.h"
#include "lib/errno.h"
#include "lib/string.h"

/* Where a path starts: a referenced inode, or 0 if the table is full. */
static struct inode *start_dir(struct inode *cwd, int absolute)
{
	if (!absolute && cwd)
		return idup(cwd);
	return iget(fs_dev, ROOTINO);
}

/*
 * If ip (referenced, unlocked) is a symlink, copy its target into tgt
 * (MAXPATH bytes, NUL-terminated) and return its length; 0 if ip is not
 * a symlink; or an error.
 */
static int read_link(struct inode *ip, char *tgt)
{
	int err = ilock(ip);
	if (err)
		return err;
	if (ip->type != T_SYMLINK) {
		iunlock(ip);
		return 0;
	}
	uint size = ip->size;
	int n = -E_NAMETOOLONG;
	if (size == 0)
		n = -E_NOENT;
	else if (size < MAXPATH)
		n = readi(ip, 0, (uint64)tgt, 0, size);
	iunlock(ip);
	if (n < 0)
		return n;
	if ((uint)n != size)
		return -E_IO;
	tgt[n] = 0;
	return (int)strlen(tgt) > 0 ? (int)strlen(tgt) : -E_NOENT;
}

/* Replace the consumed part of buf (before rest) with tgt: buf = "tgt/rest". */
static int splice(char *buf, const char *rest, const char *tgt, int tl)
{
	uint64 rl = strlen(rest);
	if ((uint64)tl + 1 + rl >= MAXPATH)
		return -E_NAMETOOLONG;
	memmove(buf + tl + 1, rest, rl + 1); /* rest lies inside buf: memmove */
	memmove(buf, tgt, (uint64)tl);
	buf[tl] = '/';
	return 0;
}

int walk(struct inode *cwd, const char *path, int mode, char *lastname, struct inode **out)
{
	char buf[MAXPATH], tgt[MAXPATH], name[DIRSIZ + 1];
	uint64 len = strnlen(path, MAXPATH);
	if (len >= MAXPATH)
		return -E_NAMETOOLONG;
	if (len == 0)
		return -E_NOENT;
	memmove(buf, path, len + 1);
	struct inode *cur = start_dir(cwd, buf[0] == '/');
	if (!cur)
		return -E_NFILE;
	char *p = buf;
	int links = 0, err;
	for (;;) {
		while (*p == '/')
			p++;
		if (*p == 0) {
			/* Nothing left: the path named a directory itself ("/", "a/.."). */
			if (mode == WALK_PARENT) {
				iput(cur);
				return -E_INVAL;
			}
			*out = cur;
			return 0;
		}
		char *s = p;
		while (*p && *p != '/')
			p++;
		/* A name longer than DIRSIZ means its first DIRSIZ bytes, as on
		 * xv6 (whose tests rely on it; POSIX allows this where
		 * _POSIX_NO_TRUNC is not in effect).  Whole paths are bounded
		 * by MAXPATH above. */
		uint64 nl = (uint64)(p - s);
		if (nl > DIRSIZ)
			nl = DIRSIZ;
		memmove(name, s, nl);
		name[nl] = 0;
		while (*p == '/')
			p++;
		int last = *p == 0;

		if ((err = ilock(cur)) != 0) {
			iput(cur);
			return err;
		}
		if (cur->type != T_DIR) {
			iunlockput(cur);
			return -E_NOTDIR;
		}
		if (last && mode == WALK_PARENT) {
			iunlock(cur);
			memmove(lastname, name, nl + 1);
			*out = cur;
			return 0;
		}
		struct inode *next;
		err = dir_lookup(cur, name, 0, &next);
		iunlock(cur);
		if (err) {
			iput(cur);
			return err;
		}
		if (!last || mode == WALK_FOLLOW) {
			int tl = read_link(next, tgt);
			if (tl != 0) {
				iput(next);
				if (tl > 0 && ++links > MAXSYMLINKS)
					tl = -E_LOOP;
				if (tl > 0)
					tl = splice(buf, p, tgt, tl);
				if (tl < 0) {
					iput(cur);
					return tl;
				}
				p = buf;
				if (buf[0] == '/') {
					iput(cur);
					if (!(cur = start_dir(cwd, 1)))
						return -E_NFILE;
				}
				continue;
			}
		}
		iput(cur);
		cur = next;
		if (last) {
			*out = cur;
			return 0;
		}
	}
}
