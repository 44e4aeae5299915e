/*
 * file.c: the system-wide table of open files and the read/write/stat
 * paths that dispatch on the kind of file.
 *
 * ftable.lock guards every file's ref count (and the choice of a free
 * slot); the other fields are set before the file is shared and are then
 * read-only, except the offset, which inode reads and writes update while
 * holding the inode's lock (fs/fsops.c).
 */
#include "fs/file.h"
#include "fs/pipe.h"
#include "fs/fsops.h"
#include "net/socket.h"
#include "sync/spinlock.h"
#include "lib/errno.h"
#include "lib/panic.h"

struct devsw devsw[NDEV];

static struct {
	struct spinlock lock; /* guards every file's ref (and so which slots are free) */
	struct file file[NFILE];
} ftable;

void file_init(void)
{
	spin_init(&ftable.lock, "ftable");
}

struct file *file_alloc(void)
{
	acquire(&ftable.lock);
	for (struct file *f = ftable.file; f < ftable.file + NFILE; f++)
		if (f->ref == 0) {
			f->ref = 1;
			f->type = FD_NONE;
			f->readable = f->writable = 0;
			f->pipe = 0;
			f->ip = 0;
			f->off = 0;
			f->major = 0;
			f->append = 0;
			f->sock = 0;
			release(&ftable.lock);
			return f;
		}
	release(&ftable.lock);
	return 0;
}

struct file *file_dup(struct file *f)
{
	acquire(&ftable.lock);
	if (f->ref < 1)
		panic("file_dup: file %p has ref %d", f, f->ref);
	f->ref++;
	release(&ftable.lock);
	return f;
}

void file_close(struct file *f)
{
	acquire(&ftable.lock);
	if (f->ref < 1)
		panic("file_close: file %p has ref %d", f, f->ref);
	if (--f->ref > 0) {
		release(&ftable.lock);
		return;
	}
	struct file copy = *f; /* the slot may be reused once the lock is released */
	f->type = FD_NONE;
	release(&ftable.lock);

	if (copy.type == FD_PIPE)
		pipe_close(copy.pipe, copy.writable);
	else if (copy.type == FD_INODE || copy.type == FD_DEVICE)
		inode_put(copy.ip);
	else if (copy.type == FD_SOCKET)
		sock_close(copy.sock);
}

int file_stat(struct file *f, struct stat *st)
{
	if (f->type != FD_INODE && f->type != FD_DEVICE)
		return -E_BADF;
	return inode_stat(f->ip, st);
}

int file_read(struct file *f, uint64 user_dst, int n)
{
	if (!f->readable)
		return -E_BADF;
	switch (f->type) {
	case FD_PIPE:
		return pipe_read(f->pipe, user_dst, n);
	case FD_DEVICE:
		if (f->major < 0 || f->major >= NDEV || !devsw[f->major].read)
			return -E_INVAL;
		return devsw[f->major].read(1, user_dst, n);
	case FD_INODE:
		return inode_read_at(f->ip, 1, user_dst, &f->off, n);
	case FD_SOCKET:
		return sock_read(f->sock, user_dst, n);
	default:
		panic("file_read: file type %d", f->type);
	}
}

int file_write(struct file *f, uint64 user_src, int n)
{
	return file_write_from(f, 1, user_src, n);
}

int file_write_from(struct file *f, int user, uint64 src, int n)
{
	if (!f->writable)
		return -E_BADF;
	switch (f->type) {
	case FD_PIPE:
		return pipe_write(f->pipe, user, src, n);
	case FD_DEVICE:
		if (f->major < 0 || f->major >= NDEV || !devsw[f->major].write)
			return -E_INVAL;
		return devsw[f->major].write(user, src, n);
	case FD_INODE:
		return inode_write_at(f->ip, user, src, &f->off, n, f->append);
	case FD_SOCKET:
		if (!user)
			return -E_INVAL; /* a socket sends from user memory only (no strace into
			                    one) */
		return sock_write(f->sock, src, n);
	default:
		panic("file_write: file type %d", f->type);
	}
}

int file_seek(struct file *f, int64 off, int whence)
{
	if (f->type != FD_INODE)
		return -E_SPIPE; /* pipes and devices have no position */
	return inode_seek(f->ip, &f->off, off, whence);
}

int file_truncate(struct file *f, int64 len)
{
	if (f->type != FD_INODE)
		return -E_INVAL;
	if (!f->writable)
		return -E_BADF;
	return inode_truncate(f->ip, len);
}

int file_sync(struct file *f)
{
	if (f->type != FD_INODE && f->type != FD_DEVICE)
		return -E_INVAL; /* POSIX: a pipe cannot be synchronised */
	return inode_sync();
}
