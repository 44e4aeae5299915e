/*
 * fs.c: mounting the file system, and what is global to it: the
 * superblock, the damaged-disk reporting and the counters.
 *
 * fs_sb, fs_dev and fs_datastart are written once by fs_mount (before any
 * other fs code runs) and only read afterwards, so they need no lock.
 * The corruption counter is atomic.
 */
#include "fs/fs.h"
#include "fs/bcache.h"
#include "fs/log.h"
#include "fs/inode.h"
#include "fs/fsops.h"
#include "fs/orphan.h"
#include "fs/sbcheck.h"
#include "dev/virtio_blk.h"
#include "../abi/param.h"
#include "../abi/stat.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

struct superblock fs_sb;
uint fs_dev;
uint fs_datastart;
int fs_quiet;
static uint64 ncorrupt;

void fs_corrupt(const char *fmt, ...)
{
	__atomic_fetch_add(&ncorrupt, 1, __ATOMIC_RELAXED);
	if (fs_quiet)
		return;
	char line[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	printf("fs: %s\n", line);
}

uint64 fs_corruptions(void)
{
	return __atomic_load_n(&ncorrupt, __ATOMIC_RELAXED);
}

int fs_check_superblock(const struct superblock *sb, uint64 disk_blocks, char *why)
{
	const char *bad = sb_validate(sb, disk_blocks, 0);
	if (!bad)
		return 0;
	snprintf(why, FS_WHY_LEN, "bad superblock (%s; magic 0x%x, size %u, disk %lu blocks)", bad,
	         sb->magic, sb->size, disk_blocks);
	return -E_CORRUPT;
}

int fs_is_data_block(uint b)
{
	return b >= fs_datastart && b < fs_sb.size;
}

static int mounted;

int fs_mounted(void)
{
	return mounted;
}

int fs_mount(uint dev)
{
	if (mounted)
		return -E_BUSY;
	int err = virtio_blk_init();
	if (err)
		return err;
	bcache_init();
	struct buf *b = bread(dev, SB_BLOCK);
	if (!b) {
		printf("fs: cannot read the superblock\n");
		return -E_IO;
	}
	struct superblock sb;
	memmove(&sb, b->data, sizeof(sb));
	brelse(b);
	char why[FS_WHY_LEN];
	if (fs_check_superblock(&sb, virtio_blk_nblocks(), why) != 0) {
		printf("fs: %s\n", why);
		return -E_CORRUPT;
	}
	struct sb_geometry geo;
	sb_validate(&sb, virtio_blk_nblocks(), &geo);
	fs_sb = sb;
	fs_dev = dev;
	fs_datastart = geo.datastart;
	inode_table_init();
	rename_init();
	log_set_abort_hook(inode_invalidate_all);
	err = log_init(dev, &sb);
	if (err) {
		printf("fs: cannot replay the log (error %d)\n", err);
		return err;
	}
	/* The root must be a directory. */
	struct inode *root = iget(dev, ROOTINO);
	if (!root || (err = ilock(root)) != 0) {
		if (root)
			iput(root);
		return err ? err : -E_NFILE;
	}
	int isdir = root->type == T_DIR;
	iunlock(root);
	iput(root);
	if (!isdir) {
		printf("fs: root inode is not a directory\n");
		return -E_CORRUPT;
	}
	mounted = 1;
	log_set_first_change_hook(orphan_reclaim);
	return 0;
}

/* Count zero bits of the bitmap in [from, to); -E_IO on a read error. */
static int count_free_bits(uint from, uint to, uint64 *out)
{
	uint64 n = 0;
	for (uint base = from - from % BPB; base < to; base += BPB) {
		struct buf *b = bread(fs_dev, (uint)BBLOCK(base, fs_sb));
		if (!b)
			return -E_IO;
		for (uint bit = 0; bit < BPB; bit++) {
			uint blk = base + bit;
			if (blk >= from && blk < to && !(b->data[bit / 8] & (1u << (bit % 8))))
				n++;
		}
		brelse(b);
	}
	*out = n;
	return 0;
}

int fs_free_counts(uint64 *free_blocks, uint64 *free_inodes)
{
	int err = count_free_bits(fs_datastart, fs_sb.size, free_blocks);
	if (err)
		return err;
	uint64 n = 0;
	for (uint inum = ROOTINO; inum < fs_sb.ninodes; inum += (uint)IPB - inum % (uint)IPB) {
		struct buf *b = bread(fs_dev, (uint)IBLOCK(inum, fs_sb));
		if (!b)
			return -E_IO;
		struct dinode *di = (struct dinode *)b->data;
		for (uint i = inum; i < fs_sb.ninodes && i / IPB == inum / IPB; i++)
			if (di[i % IPB].type == 0)
				n++;
		brelse(b);
	}
	*free_inodes = n;
	return 0;
}
