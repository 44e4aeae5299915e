/*
 * fs/fs.h: the mounted file system: its superblock and geometry, mount,
 * statistics and the one-line complaints about damaged disk contents.
 *
 * (kernel/fs.h, included below, is the on-disk layout shared with mkfs;
 * this header is the kernel's view of the mounted instance.)
 */
#ifndef KITE_FS_FS_H
#define KITE_FS_FS_H

#include "../abi/fs.h"
#include "../abi/types.h"

/* Set by fs_mount, read-only afterwards. */
extern struct superblock fs_sb;
extern uint fs_dev;
extern uint fs_datastart; /* first data block (after the bitmap) */

/*
 * Mount the file system on dev (ROOTDEV): set up the disk, check the
 * superblock, replay the log.  Call once, from a process context, before
 * any other fs call.  0, or -E_IO / -E_CORRUPT / -E_INVAL (one console
 * line says why).
 */
int fs_mount(uint dev);
/* Did fs_mount succeed? */
int fs_mounted(void);

/*
 * Is sb a sane superblock for a disk of disk_blocks blocks?  0 or
 * -E_CORRUPT; the reason goes to why (at least FS_WHY_LEN bytes).
 */
#define FS_WHY_LEN 96
int fs_check_superblock(const struct superblock *sb, uint64 disk_blocks, char *why);

/* Is block b a data block (in [fs_datastart, sb.size))? */
int fs_is_data_block(uint b);

/*
 * Report damaged disk contents: one console line "fs: ..." (unless
 * fs_quiet) and a count, then the caller returns -E_CORRUPT.
 */
void fs_corrupt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern int fs_quiet;
uint64 fs_corruptions(void);

/* Free data blocks and free inodes now (reads the bitmap and inodes). */
int fs_free_counts(uint64 *free_blocks, uint64 *free_inodes);

#endif
