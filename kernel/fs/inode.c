/*
 * inode.c: the inode table (NINODE entries), allocation, locking, writing
 * back and freeing.
 *
 * An entry with ref > 0 is in use for (dev, inum); an entry's dinode copy
 * is trusted only while valid.  ilock() checks what it reads: an unknown
 * type, a free inode that something names, a size beyond MAXFILE blocks,
 * or a directory whose size is not a whole number of entries are reported
 * as corruption (-E_CORRUPT), never trusted.
 *
 * Locking: itable.lock (spinlock) guards every entry's dev, inum and ref;
 * each entry's sleep lock guards the rest.  Holding a reference keeps the
 * entry from being reused, not its contents from changing.
 */
#include "fs/inode.h"
#include "fs/bcache.h"
#include "fs/bmap.h"
#include "fs/log.h"
#include "fs/pagecache.h"
#include "dev/rtc.h"
#include "../abi/param.h"
#include "../abi/stat.h"
#include "sync/spinlock.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"

static struct {
	struct spinlock lock; /* guards each inode's ref, dev and inum (the table's slots) */
	struct inode inode[NINODE];
} itable;

void inode_table_init(void)
{
	spin_init(&itable.lock, "itable");
	for (int i = 0; i < NINODE; i++) {
		sleep_init(&itable.inode[i].lock, "inode");
		sleep_init(&itable.inode[i].append_lock, "append");
	}
	pagecache_init();
}

struct inode *iget(uint dev, uint inum)
{
	acquire(&itable.lock);
	struct inode *empty = 0;
	for (struct inode *ip = itable.inode; ip < &itable.inode[NINODE]; ip++) {
		if (ip->ref > 0 && ip->dev == dev && ip->inum == inum) {
			ip->ref++;
			release(&itable.lock);
			return ip;
		}
		if (!empty && ip->ref == 0)
			empty = ip;
	}
	if (empty) {
		empty->dev = dev;
		empty->inum = inum;
		empty->ref = 1;
		empty->valid = 0; /* nobody holds its lock: ref was 0 */
	}
	release(&itable.lock);
	return empty;
}

struct inode *idup(struct inode *ip)
{
	acquire(&itable.lock);
	ip->ref++;
	release(&itable.lock);
	return ip;
}

static struct dinode *dinode_of(struct buf *b, uint inum)
{
	return (struct dinode *)b->data + inum % IPB;
}

int ialloc(uint dev, short type, struct inode **out)
{
	for (uint inum = ROOTINO + 1; inum < fs_sb.ninodes; inum++) {
		struct buf *b = bread(dev, (uint)IBLOCK(inum, fs_sb));
		if (!b)
			return -E_IO;
		for (; inum < fs_sb.ninodes; inum++) {
			struct dinode *di = dinode_of(b, inum);
			if (di->type == 0) {
				memset(di, 0, sizeof(*di));
				di->type = type;
				di->mtime = di->ctime = rtc_seconds();
				log_write(b);
				brelse(b);
				*out = iget(dev, inum);
				return *out ? 0 : -E_NFILE;
			}
			if ((inum + 1) % IPB == 0)
				break; /* next block */
		}
		brelse(b);
	}
	return -E_NOSPC;
}

static int type_known(short t)
{
	return t == T_DIR || t == T_FILE || t == T_DEVICE || t == T_SYMLINK;
}

/* Read and check the dinode into the locked, not yet valid ip. */
static int load(struct inode *ip)
{
	if (ip->inum < ROOTINO || ip->inum >= fs_sb.ninodes) {
		fs_corrupt("inode number %u out of range", ip->inum);
		return -E_CORRUPT;
	}
	struct buf *b = bread(ip->dev, (uint)IBLOCK(ip->inum, fs_sb));
	if (!b)
		return -E_IO;
	struct dinode *di = dinode_of(b, ip->inum);
	ip->type = di->type;
	ip->major = di->major;
	ip->minor = di->minor;
	ip->nlink = di->nlink;
	ip->size = di->size;
	memmove(ip->addrs, di->addrs, sizeof(ip->addrs));
	ip->mtime = di->mtime;
	ip->ctime = di->ctime;
	brelse(b);
	ip->alloc_hint = 0;
	if (!type_known(ip->type)) {
		fs_corrupt("inode %u has bad type %d", ip->inum, ip->type);
		return -E_CORRUPT;
	}
	if (ip->size > (uint64)MAXFILE * BSIZE || ip->nlink < 0) {
		fs_corrupt("inode %u has bad size %u or link count %d", ip->inum, ip->size,
		           ip->nlink);
		return -E_CORRUPT;
	}
	if (ip->type == T_DIR && ip->size % sizeof(struct dirent) != 0) {
		fs_corrupt("directory %u has bad size %u", ip->inum, ip->size);
		return -E_CORRUPT;
	}
	return 0;
}

int ilock(struct inode *ip)
{
	KASSERT(ip && ip->ref > 0);
	acquire_sleep(&ip->lock);
	if (!ip->valid) {
		int err = load(ip);
		if (err) {
			release_sleep(&ip->lock);
			return err;
		}
		ip->valid = 1;
	}
	return 0;
}

void iunlock(struct inode *ip)
{
	KASSERT(ip && holding_sleep(&ip->lock) && ip->ref > 0);
	release_sleep(&ip->lock);
}

int iupdate(struct inode *ip)
{
	KASSERT(holding_sleep(&ip->lock));
	struct buf *b = bread(ip->dev, (uint)IBLOCK(ip->inum, fs_sb));
	if (!b)
		return -E_IO;
	struct dinode *di = dinode_of(b, ip->inum);
	di->type = ip->type;
	di->major = ip->major;
	di->minor = ip->minor;
	di->nlink = ip->nlink;
	di->size = ip->size;
	memmove(di->addrs, ip->addrs, sizeof(ip->addrs));
	ip->ctime = rtc_seconds();
	di->mtime = ip->mtime;
	di->ctime = ip->ctime;
	log_write(b);
	brelse(b);
	return 0;
}

void iput(struct inode *ip)
{
	acquire(&itable.lock);
	if (ip->ref == 1 && ip->valid && ip->nlink == 0 && !log_readonly()) {
		/*
		 * Last reference to an unlinked inode: nobody else can find it
		 * (no directory names it), so the lock is ours but for
		 * inode_invalidate_all, which cannot run inside an operation.
		 */
		release(&itable.lock);
		acquire_sleep(&ip->lock);
		if (ip->valid && ip->nlink == 0) {
			itrunc(ip); /* damage was reported; free the inode anyway */
			ip->type = 0;
			iupdate(ip);
			ip->valid = 0;
		}
		release_sleep(&ip->lock);
		acquire(&itable.lock);
	}
	KASSERT(ip->ref > 0);
	if (--ip->ref == 0)
		pagecache_forget(ip); /* before the entry can name another inode */
	release(&itable.lock);
}

int iput_if_cheap(struct inode *ip)
{
	acquire(&itable.lock);
	KASSERT(ip->ref > 0);
	/* With ref > 1, nlink and valid belong to other holders; only ref matters. */
	int cheap = ip->ref > 1 || !ip->valid || ip->nlink > 0;
	if (cheap && --ip->ref == 0)
		pagecache_forget(ip);
	release(&itable.lock);
	return cheap;
}

void iunlockput(struct inode *ip)
{
	iunlock(ip);
	iput(ip);
}

void istat(struct inode *ip, struct stat *st)
{
	KASSERT(holding_sleep(&ip->lock));
	st->dev = (int)ip->dev;
	st->ino = ip->inum;
	st->type = ip->type;
	st->nlink = ip->nlink;
	st->size = ip->size;
	st->mtime = ip->mtime;
	st->ctime = ip->ctime;
}

void inode_invalidate_all(void)
{
	for (struct inode *ip = itable.inode; ip < &itable.inode[NINODE]; ip++) {
		acquire(&itable.lock);
		if (ip->ref == 0) {
			ip->valid = 0; /* unreferenced: nobody holds its lock */
			release(&itable.lock);
			continue;
		}
		ip->ref++;
		release(&itable.lock);
		acquire_sleep(&ip->lock);
		ip->valid = 0;
		release_sleep(&ip->lock);
		acquire(&itable.lock);
		ip->ref--;
		release(&itable.lock);
	}
}
