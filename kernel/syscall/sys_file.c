/*
 * sys_file.c: file-descriptor and path system calls.  Path work is done by
 * fs/fsops.c (which runs its own log transactions); this file fetches and
 * checks the arguments; the process's descriptors are changed only through
 * fs/fdtable.h, and a new one is installed as the last step, after
 * everything that can fail, so a failed call leaves no half-made one.
 */
#include "syscall/syscall.h"
#include "fs/file.h"
#include "fs/fdtable.h"
#include "fs/pipe.h"
#include "fs/fsops.h"
#include "proc/proc.h"
#include "proc/cwd.h"
#include "proc/uaccess.h"
#include "dev/rtc.h"
#include "lib/errno.h"
#include "../abi/fcntl.h"
#include "../abi/stat.h"

/* read() and write() take the same arguments: (fd, buffer, count >= 0). */
static int rw_args(struct file **f, int *n)
{
	int err = arg_fd(0, 0, f);
	if (err < 0)
		return err;
	*n = arg_int(2);
	return *n < 0 ? -E_INVAL : 0;
}

int64 sys_read(void)
{
	struct file *f;
	int n, err = rw_args(&f, &n);
	return err < 0 ? err : file_read(f, arg_addr(1), n);
}

int64 sys_write(void)
{
	struct file *f;
	int n, err = rw_args(&f, &n);
	return err < 0 ? err : file_write(f, arg_addr(1), n);
}

int64 sys_close(void)
{
	return fdt_close(&myprocess()->fds, arg_int(0));
}

int64 sys_dup(void)
{
	return fdt_dup(&myprocess()->fds, arg_int(0));
}

int64 sys_fstat(void)
{
	struct file *f;
	struct stat st;
	int err = arg_fd(0, 0, &f);
	if (err < 0 || (err = file_stat(f, &st)) < 0)
		return err; /* st is not filled in: nothing of it may reach the user */
	return copyout(myproc()->pagetable, arg_addr(1), &st, sizeof(st));
}

int64 sys_lseek(void)
{
	struct file *f;
	int err = arg_fd(0, 0, &f);
	return err < 0 ? err : file_seek(f, arg_int(1), arg_int(2));
}

int64 sys_ftruncate(void)
{
	struct file *f;
	int err = arg_fd(0, 0, &f);
	return err < 0 ? err : file_truncate(f, arg_int(1));
}

int64 sys_fsync(void)
{
	struct file *f;
	int err = arg_fd(0, 0, &f);
	return err < 0 ? err : file_sync(f);
}

int64 sys_pipe(void)
{
	struct proc *p = myprocess();
	uint64 ufds = arg_addr(0);
	int fds[2];
	/* Check the destination first, so a bad pointer changes nothing. */
	if (user_range_writable(p->pagetable, ufds, sizeof(fds)) < 0)
		return -E_FAULT;
	int err = fdt_find_free(&p->fds, fds, 2);
	if (err < 0)
		return err;
	struct file *rf, *wf;
	if ((err = pipe_alloc(&rf, &wf)) < 0)
		return err;
	/* Another thread may have taken the free slots meanwhile: install
	 * both at once, then tell the numbers. */
	if ((err = fdt_install_pair(&p->fds, rf, wf, fds)) < 0) {
		file_close(rf);
		file_close(wf);
		return err;
	}
	if (copyout(p->pagetable, ufds, fds, sizeof(fds)) < 0) {
		fdt_close(&p->fds, fds[0]);
		fdt_close(&p->fds, fds[1]);
		return -E_FAULT;
	}
	return 0;
}

int64 sys_open(void)
{
	char path[MAXPATH];
	int omode = arg_int(1);
	int err = arg_str(0, path, sizeof(path));
	if (err < 0)
		return err;
	if ((omode & ~O_ALLFLAGS) || (omode & O_WRONLY && omode & O_RDWR))
		return -E_INVAL;
	struct inode *ip;
	struct inode *cwd = cwd_get();
	err = fsop_open(cwd, path, omode, &ip);
	cwd_put(cwd);
	if (err < 0)
		return err;
	struct stat st;
	if ((err = inode_stat(ip, &st)) < 0) {
		inode_put(ip);
		return err;
	}
	struct file *f = file_alloc();
	if (!f) {
		inode_put(ip);
		return -E_NFILE;
	}
	if (st.type == T_DEVICE) {
		f->type = FD_DEVICE;
		f->major = inode_major(ip);
	} else {
		f->type = FD_INODE;
	}
	f->ip = ip;
	f->off = 0;
	f->readable = !(omode & O_WRONLY);
	f->writable = (omode & O_WRONLY) || (omode & O_RDWR);
	f->append = (omode & O_APPEND) != 0;
	int fd = fdt_install(&myprocess()->fds, f);
	if (fd < 0)
		file_close(f); /* drops ip too */
	return fd;
}

int64 sys_mknod(void)
{
	char path[MAXPATH];
	int major = arg_int(1), minor = arg_int(2);
	int err = arg_str(0, path, sizeof(path));
	if (err < 0)
		return err;
	if (major < 0 || major >= NDEV || minor < 0 || minor > 0x7fff)
		return -E_INVAL;
	struct inode *cwd = cwd_get();
	int r = fsop_mknod(cwd, path, major, minor);
	cwd_put(cwd);
	return r;
}

int64 sys_unlink(void)
{
	char path[MAXPATH];
	int err = arg_str(0, path, sizeof(path));
	if (err < 0)
		return err;
	struct inode *cwd = cwd_get();
	err = fsop_unlink(cwd, path);
	cwd_put(cwd);
	return err;
}

int64 sys_link(void)
{
	char old[MAXPATH], new[MAXPATH];
	int err = arg_str(0, old, sizeof(old));
	if (err >= 0)
		err = arg_str(1, new, sizeof(new));
	if (err < 0)
		return err;
	struct inode *cwd = cwd_get();
	err = fsop_link(cwd, old, new);
	cwd_put(cwd);
	return err;
}

int64 sys_symlink(void)
{
	char target[MAXPATH], path[MAXPATH];
	int err = arg_str(0, target, sizeof(target));
	if (err >= 0)
		err = arg_str(1, path, sizeof(path));
	if (err < 0)
		return err;
	struct inode *cwd = cwd_get();
	err = fsop_symlink(cwd, target, path);
	cwd_put(cwd);
	return err;
}

int64 sys_mkdir(void)
{
	char path[MAXPATH];
	int err = arg_str(0, path, sizeof(path));
	if (err < 0)
		return err;
	struct inode *cwd = cwd_get();
	err = fsop_mkdir(cwd, path);
	cwd_put(cwd);
	return err;
}

int64 sys_chdir(void)
{
	char path[MAXPATH];
	struct inode *ip;
	int err = arg_str(0, path, sizeof(path));
	if (err < 0)
		return err;
	struct inode *cwd = cwd_get();
	err = fsop_chdir(cwd, path, &ip);
	cwd_put(cwd);
	if (err < 0)
		return err;
	cwd_set(ip);
	return 0;
}

int64 sys_rename(void)
{
	char old[MAXPATH], new[MAXPATH];
	int err = arg_str(0, old, sizeof(old));
	if (err >= 0)
		err = arg_str(1, new, sizeof(new));
	if (err < 0)
		return err;
	struct inode *cwd = cwd_get();
	err = fsop_rename(cwd, old, new);
	cwd_put(cwd);
	return err;
}

int64 sys_getcwd(void)
{
	char path[MAXPATH];
	uint64 ubuf = arg_addr(0);
	int size = arg_int(1);
	if (size <= 0)
		return -E_INVAL;
	struct inode *cwd = cwd_get();
	int n = fsop_getcwd(cwd, path, (uint)size < sizeof(path) ? (uint)size : sizeof(path));
	cwd_put(cwd);
	if (n < 0)
		return n;
	if (copyout(myproc()->pagetable, ubuf, path, (uint64)n + 1) < 0)
		return -E_FAULT;
	return n;
}

int64 sys_utimes(void)
{
	char path[MAXPATH];
	struct timeval tv[2]; /* access time (not kept), modification time */
	uint64 utv = arg_addr(1);
	int err = arg_str(0, path, sizeof(path));
	if (err < 0)
		return err;
	if (!utv)
		tv[1].tv_sec = (int64)rtc_seconds();
	else if (copyin(myproc()->pagetable, tv, utv, sizeof(tv)) < 0)
		return -E_FAULT;
	if (tv[1].tv_sec < 0)
		return -E_INVAL; /* the inode keeps unsigned seconds since 1970 */
	struct inode *cwd = cwd_get();
	int r = fsop_utimes(cwd, path, (uint64)tv[1].tv_sec);
	cwd_put(cwd);
	return r;
}

int64 sys_statfs(void)
{
	char path[MAXPATH];
	struct statfs st;
	struct inode *ip;
	int err = arg_str(0, path, sizeof(path));
	/* The path must exist, as POSIX's statfs asks; every path is on the one file system. */
	if (err >= 0) {
		struct inode *cwd = cwd_get();
		err = fsop_open(cwd, path, O_RDONLY, &ip);
		cwd_put(cwd);
	}
	if (err < 0)
		return err;
	inode_put(ip);
	if ((err = fsop_statfs(&st)) < 0)
		return err;
	return copyout(myproc()->pagetable, arg_addr(1), &st, sizeof(st)) < 0 ? -E_FAULT : 0;
}
