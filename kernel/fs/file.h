/*
 * file.h: open files: what a file descriptor points to.
 *
 * A struct file is shared by every descriptor that dup() or fork() made
 * from the same open(), and so is its offset.  Kinds: a pipe end, an
 * inode (regular file, directory, symlink opened with O_NOFOLLOW), a
 * device (major number selects the driver in devsw[]), or a network
 * socket (net/socket.h).
 */
#ifndef KITE_FS_FILE_H
#define KITE_FS_FILE_H

#include "../abi/types.h"
#include "../abi/param.h"

struct pipe;
struct inode;
struct stat;
struct socket;

enum filetype { FD_NONE, FD_PIPE, FD_INODE, FD_DEVICE, FD_SOCKET };

struct file {
	enum filetype type;
	int ref; /* guarded by the file table lock */
	char readable;
	char writable;
	struct pipe *pipe;   /* FD_PIPE */
	struct inode *ip;    /* FD_INODE and FD_DEVICE */
	uint off;            /* FD_INODE; guarded by the inode's lock while used */
	short major;         /* FD_DEVICE */
	char append;         /* O_APPEND: every write goes to the end */
	struct socket *sock; /* FD_SOCKET */
};

/* Device drivers reachable through device files. */
struct devsw {
	int (*read)(int user_dst, uint64 dst, int n);
	int (*write)(int user_src, uint64 src, int n);
};
extern struct devsw devsw[NDEV];

void file_init(void);
struct file *file_alloc(void);
struct file *file_dup(struct file *f);
void file_close(struct file *f);
/* Fill *st (left untouched on failure): 0, -E_BADF (a pipe) or -E_IO/-E_CORRUPT. */
int file_stat(struct file *f, struct stat *st) __attribute__((warn_unused_result));
int file_read(struct file *f, uint64 user_dst, int n);
int file_write(struct file *f, uint64 user_src, int n);
/* The same from a kernel address if !user (the kernel's trace lines, syscall/trace.c). */
int file_write_from(struct file *f, int user, uint64 src, int n);
/* lseek: the new offset; -E_SPIPE unless an inode, -E_INVAL (fs/fsops.h). */
int file_seek(struct file *f, int64 off, int whence);
/* ftruncate: -E_INVAL unless a regular file, -E_BADF unless open for writing. */
int file_truncate(struct file *f, int64 len);
/* fsync: 0 once every change made so far is on the disk; -E_INVAL for a pipe. */
int file_sync(struct file *f);

#endif
