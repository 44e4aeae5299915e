/*
 * dir.c: looking names up in a directory, adding and removing entries.
 *
 * A directory is a file of struct dirent; inum 0 marks a free slot.  The
 * first two entries are "." and "..".  Scans go block by block through
 * the buffer cache; a hole in a directory reads as free slots.  An entry
 * naming an inode number outside the inode area is corruption.
 *
 * Locking: the caller holds the directory's inode lock (and a transaction
 * for changes).
 */
#include "fs/dir.h"
#include "fs/inode.h"
#include "fs/bmap.h"
#include "fs/idata.h"
#include "fs/bcache.h"
#include "../abi/stat.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"

#define DPB (BSIZE / sizeof(struct dirent)) /* entries per block */
#define FIRST_ENTRY_AFTER_DOTS (2 * sizeof(struct dirent))

int dir_name_ok(const char *name)
{
	uint64 len = strnlen(name, DIRSIZ + 1);
	if (len == 0)
		return -E_NOENT;
	return len > DIRSIZ ? -E_NAMETOOLONG : 0;
}

static int name_eq(const char *name, const struct dirent *de)
{
	return strncmp(name, de->name, DIRSIZ) == 0;
}

/*
 * Call visit(de, off, arg) for each entry of dp in order until it returns
 * nonzero, which is returned; 0 at the end, or an error.
 */
static int scan(struct inode *dp, int (*visit)(const struct dirent *, uint, void *), void *arg)
{
	KASSERT(holding_sleep(&dp->lock) && dp->type == T_DIR);
	for (uint off = 0; off < dp->size; off += BSIZE) {
		uint addr;
		int r = bmap(dp, off / BSIZE, 0, &addr);
		if (r)
			return r;
		if (addr == 0)
			continue; /* a hole: all free slots */
		struct buf *b = bread(dp->dev, addr);
		if (!b)
			return -E_IO;
		const struct dirent *de = (const struct dirent *)b->data;
		for (uint i = 0; i < DPB && off + i * sizeof(*de) < dp->size && !r; i++)
			r = visit(&de[i], off + (uint)(i * sizeof(*de)), arg);
		brelse(b);
		if (r)
			return r;
	}
	return 0;
}

struct lookup {
	const char *name;
	uint inum;
	uint off;
};

#define FOUND 1

static int match_name(const struct dirent *de, uint off, void *arg)
{
	struct lookup *l = arg;
	if (de->inum == 0 || !name_eq(l->name, de))
		return 0;
	l->inum = de->inum;
	l->off = off;
	return FOUND;
}

int dir_lookup(struct inode *dp, const char *name, uint *poff, struct inode **out)
{
	struct lookup l = {name, 0, 0};
	int r = scan(dp, match_name, &l);
	if (r < 0)
		return r;
	if (r != FOUND)
		return -E_NOENT;
	if (l.inum >= fs_sb.ninodes) {
		fs_corrupt("directory %u names inode %u, past the inode area", dp->inum, l.inum);
		return -E_CORRUPT;
	}
	if (poff)
		*poff = l.off;
	*out = iget(dp->dev, l.inum);
	return *out ? 0 : -E_NFILE;
}

static int match_free(const struct dirent *de, uint off, void *arg)
{
	if (de->inum != 0)
		return 0;
	*(uint *)arg = off;
	return FOUND;
}

/* Write de at off. */
static int put_entry(struct inode *dp, const struct dirent *de, uint off)
{
	int n = writei(dp, 0, (uint64)de, off, sizeof(*de));
	if (n < 0)
		return n;
	return n == sizeof(*de) ? 0 : -E_IO;
}

int dir_link(struct inode *dp, const char *name, uint inum)
{
	int err = dir_name_ok(name);
	if (err)
		return err;
	struct inode *ip;
	err = dir_lookup(dp, name, 0, &ip);
	if (err == 0) {
		iput(ip);
		return -E_EXIST;
	}
	if (err != -E_NOENT)
		return err;
	uint off = dp->size;
	err = scan(dp, match_free, &off);
	if (err < 0)
		return err;
	struct dirent de;
	memset(&de, 0, sizeof(de));
	for (int i = 0; i < DIRSIZ && name[i]; i++)
		de.name[i] = name[i];
	de.inum = (ushort)inum;
	return put_entry(dp, &de, off);
}

int dir_unlink(struct inode *dp, uint off)
{
	struct dirent de;
	memset(&de, 0, sizeof(de));
	return put_entry(dp, &de, off);
}

int dir_repoint(struct inode *dp, uint off, uint inum)
{
	struct dirent de;
	int n = readi(dp, 0, (uint64)&de, off, sizeof(de));
	if (n < 0)
		return n;
	if (n != sizeof(de) || de.inum == 0)
		panic("dir_repoint: no entry at offset %u of directory %u", off, dp->inum);
	de.inum = (ushort)inum;
	return put_entry(dp, &de, off);
}

struct name_search {
	uint inum;
	char *name;
};

static int match_inum(const struct dirent *de, uint off, void *arg)
{
	struct name_search *s = arg;
	if (off < FIRST_ENTRY_AFTER_DOTS || de->inum != s->inum)
		return 0;
	memmove(s->name, de->name, DIRSIZ);
	s->name[DIRSIZ] = 0;
	return FOUND;
}

int dir_name_of(struct inode *dp, uint inum, char *name)
{
	struct name_search s = {inum, name};
	int r = scan(dp, match_inum, &s);
	if (r < 0)
		return r;
	return r == FOUND ? 0 : -E_NOENT;
}

static int match_used(const struct dirent *de, uint off, void *arg)
{
	(void)arg;
	return off >= FIRST_ENTRY_AFTER_DOTS && de->inum != 0 ? FOUND : 0;
}

int dir_isempty(struct inode *dp)
{
	int r = scan(dp, match_used, 0);
	if (r < 0)
		return r;
	return r == FOUND ? 0 : 1;
}
