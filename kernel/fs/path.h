/*
 * path.h: turning path names into inodes.
 *
 * Paths are absolute ("/a/b") or relative to the directory the caller
 * passes as cwd (the root if cwd is 0: kernel threads, self-tests); the
 * file system never looks at the current process.  Symbolic links met
 * along the way are followed, at most MAXSYMLINKS of them per lookup
 * (-E_LOOP beyond); the last component is followed only for WALK_FOLLOW.
 * A path of MAXPATH bytes or more is -E_NAMETOOLONG; a component longer
 * than DIRSIZ means its first DIRSIZ bytes, as on xv6.
 *
 * These take and drop inode references with iput, so they must run
 * inside a transaction (or on a read-only file system).
 */
#ifndef KITE_FS_PATH_H
#define KITE_FS_PATH_H

#include "../abi/types.h"

struct inode;

#define WALK_FOLLOW 0   /* the inode the path names, links followed */
#define WALK_NOFOLLOW 1 /* ...but a final symlink is returned itself */
#define WALK_PARENT 2   /* the directory holding the last component */

/*
 * Resolve path: 0 with *out referenced and unlocked; for WALK_PARENT the
 * last component is copied to name (DIRSIZ + 1 bytes).  Errors: -E_NOENT,
 * -E_NOTDIR, -E_NAMETOOLONG, -E_LOOP, -E_INVAL ("/" has no parent entry),
 * -E_CORRUPT, -E_IO, -E_NFILE.
 */
int walk(struct inode *cwd, const char *path, int mode, char *name, struct inode **out);

#endif
