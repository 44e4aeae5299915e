/*
 * dir.h: directories, files of struct dirent.  The directory must be
 * locked; dir_link and dir_unlink must run inside a transaction.
 *
 * Names are at most DIRSIZ bytes (no NUL is stored when all DIRSIZ are
 * used); longer ones are refused with -E_NAMETOOLONG, never truncated.
 */
#ifndef KITE_FS_DIR_H
#define KITE_FS_DIR_H

#include "../abi/types.h"

struct inode;

/* 0 if name fits in a dirent, else -E_NAMETOOLONG (or -E_NOENT if empty). */
int dir_name_ok(const char *name);
/*
 * Look name up in dp: 0 with *out referenced (unlocked) and, if poff,
 * the entry's offset; -E_NOENT, -E_CORRUPT (a bad inode number), -E_IO.
 */
int dir_lookup(struct inode *dp, const char *name, uint *poff, struct inode **out);
/* Add (name, inum) to dp: 0, -E_EXIST, or a write error. */
int dir_link(struct inode *dp, const char *name, uint inum);
/* Clear the entry at off (from dir_lookup). */
int dir_unlink(struct inode *dp, uint off);
/* Make the entry at off (from dir_lookup) name inum instead, in place. */
int dir_repoint(struct inode *dp, uint off, uint inum);
/*
 * The name under which dp lists inum ("." and ".." skipped), NUL-ended,
 * in name (DIRSIZ + 1 bytes): 0, -E_NOENT, or a read error.
 */
int dir_name_of(struct inode *dp, uint inum, char *name);
/* 1 if dp holds nothing but "." and "..", 0 if it holds more, or an error. */
int dir_isempty(struct inode *dp);

#endif
