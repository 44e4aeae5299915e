/*
 * fsops.h: the file-system operations the system-call layer calls.
 *
 * Every function here takes kernel strings and buffers (or user addresses
 * where it says user_*), runs its own transactions (so the caller must
 * NOT be inside begin_op/end_op nor hold an inode lock) and returns 0 or
 * a positive count on success, -E_* on failure.  Inodes handed out are
 * referenced and unlocked; give each back with inode_put.
 *
 * After an I/O error while committing, the file system is read-only:
 * calls that would change it return -E_ROFS, lookups and reads go on.
 * Call fs_mount (fs/fs.h) once before any of these.
 */
#ifndef KITE_FS_FSOPS_H
#define KITE_FS_FSOPS_H

#include "../abi/types.h"

struct inode;
struct stat;
struct statfs;

/*
 * Open path with O_* flags (fcntl.h).  O_CREATE makes a T_FILE if the
 * name is free (an existing file or device is opened; anything else is
 * -E_EXIST, a directory -E_ISDIR); O_TRUNC empties a T_FILE; a directory
 * opens only read-only (-E_ISDIR); O_NOFOLLOW opens a final symlink
 * itself (read-only, else -E_PERM), otherwise symlinks are followed.
 */
int fsop_open(struct inode *cwd, const char *path, int omode, struct inode **out);
int fsop_mkdir(struct inode *cwd, const char *path);
int fsop_mknod(struct inode *cwd, const char *path, short major, short minor);
/* New name for old (not a directory: -E_PERM; a symlink is linked itself). */
int fsop_link(struct inode *cwd, const char *oldpath, const char *newpath);
/*
 * Remove a name.  "." and ".." are refused (-E_INVAL), a non-empty
 * directory too (-E_NOTEMPTY); a symlink is removed, not its target.
 */
int fsop_unlink(struct inode *cwd, const char *path);
/* Create path as a symlink holding target (1 .. MAXPATH-1 bytes). */
int fsop_symlink(struct inode *cwd, const char *target, const char *path);
/*
 * Move oldpath to newpath (fs/rename.c), in one transaction: after a
 * crash one of the two names exists.  An existing newpath is replaced
 * if of the same kind (a file or symlink by a non-directory, an empty
 * directory by a directory; else -E_ISDIR / -E_NOTDIR / -E_NOTEMPTY);
 * a name for the same inode leaves both as they are.  A directory may
 * not move below itself (-E_INVAL); "." and ".." are -E_INVAL;
 * a final symlink is moved itself.  -E_NOENT if oldpath is missing.
 */
int fsop_rename(struct inode *cwd, const char *oldpath, const char *newpath);
/*
 * The path of directory cwd (fs/getcwd.c; "/" for 0) in buf, NUL-ended:
 * its length, -E_RANGE if buf's size bytes cannot hold it, -E_NOENT if
 * cwd was removed.
 */
int fsop_getcwd(struct inode *cwd, char *buf, uint size);
/*
 * Set path's modification time to mtime (seconds since 1970) in one
 * transaction; the change time becomes now, as for any inode change
 * (fs/utimes.c).  Links are followed.
 */
int fsop_utimes(struct inode *cwd, const char *path, uint64 mtime);
/* Fill *st for the one file system (fs/statfs.c); a scan of the bitmap and the inodes. */
int fsop_statfs(struct statfs *st);
/* Set up rename's lock; once, at mount. */
void rename_init(void);
/* The directory path names, referenced; the caller swaps it into p->cwd. */
int fsop_chdir(struct inode *cwd, const char *path, struct inode **newcwd);

/* Read from an open inode at off: bytes read (0 at the end) or -E_*. */
int inode_read(struct inode *ip, int user_dst, uint64 dst, uint off, uint n);
/*
 * Write at off, in as many transactions as needed; past the end leaves a
 * hole that reads as zeros.  Bytes written (short at MAXFILE blocks), or
 * -E_FBIG / -E_NOSPC / -E_ROFS / -E_IO / -E_FAULT / -E_INVAL if none were.
 */
int inode_write(struct inode *ip, int user_src, uint64 src, uint off, uint n);
/*
 * The same at *off (an open file's offset), which is read and advanced
 * under the inode's lock, so writers sharing it do not overlap.  With
 * append, every chunk goes to the end of the file as it is then, and the
 * inode's append_lock is held across all of them: appends, whatever
 * their size, land whole and one after another (a plain write at an
 * offset may still fall between two chunks of a large append).
 */
int inode_read_at(struct inode *ip, int user_dst, uint64 dst, uint *off, int n);
int inode_write_at(struct inode *ip, int user_src, uint64 src, uint *off, int n, int append);
/*
 * Set *off (under ip's lock) to delta from the start, from *off or from
 * the end (whence SEEK_*, fcntl.h): the new offset, or -E_INVAL for an
 * unknown whence or a result below 0 or past the largest file.  Past the
 * end is allowed; a write there leaves a hole.
 */
int inode_seek(struct inode *ip, uint *off, int64 delta, int whence);
/*
 * Set a T_FILE's size to len, freeing the blocks past it or growing it
 * with a hole (zeros), in one transaction: after a crash the file has
 * its old size or its new one.  -E_INVAL (len < 0, not a regular file),
 * -E_ISDIR, -E_FBIG, or a disk error.
 */
int inode_truncate(struct inode *ip, int64 len);
/* Wait until every change made so far is committed (log_sync, fs/log.h). */
int inode_sync(void);
int inode_stat(struct inode *ip, struct stat *st) __attribute__((warn_unused_result));
struct inode *inode_dup(struct inode *ip);
/* Drop a reference; frees the inode (in its own transaction) if it was the last link. */
void inode_put(struct inode *ip);
/* T_* of ip, its device numbers, or -E_* if it cannot be read. */
int inode_type(struct inode *ip);
int inode_major(struct inode *ip);
int inode_minor(struct inode *ip);
/* Size in bytes, or -E_*. */
int64 inode_size(struct inode *ip);
/* One more (delta 1) or one fewer (-1) process runs ip's program: opening
 * ip for writing fails with -E_TXTBSY while any does.  Never sleeps. */
void inode_exec_users(struct inode *ip, int delta);

#endif
