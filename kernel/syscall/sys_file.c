/*
 * sys_file.c: file-descriptor and path system calls.  Path work is done by
 * fs/fsops.c (which runs its own log transactions); this file fetches and
 * checks the arguments and manages the process's descriptor table.
 */
#include "syscall/syscall.h"
#include "fs/file.h"
#include "fs/pipe.h"
#include "fs/fsops.h"
#include "proc/proc.h"
#include "proc/uaccess.h"
#include "lib/errno.h"
#include "fcntl.h"
#include "stat.h"

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
	int fd;
	struct file *f;
	int err = arg_fd(0, &fd, &f);
	if (err < 0)
		return err;
	myproc()->ofile[fd] = 0;
	file_close(f);
	return 0;
}

int64 sys_dup(void)
{
	struct file *f;
	int err = arg_fd(0, 0, &f);
	if (err < 0)
		return err;
	int fd = fd_install(f);
	if (fd >= 0)
		file_dup(f);
	return fd;
}

int64 sys_fstat(void)
{
	struct file *f;
	int err = arg_fd(0, 0, &f);
	if (err < 0)
		return err;
	return file_stat(f, arg_addr(1));
}

int64 sys_pipe(void)
{
	struct proc *p = myproc();
	uint64 ufds = arg_addr(0);
	int fds[2];
	/* Check the destination first, so a bad pointer changes nothing. */
	if (user_range_writable(p->pagetable, ufds, sizeof(fds)) < 0)
		return -E_FAULT;
	struct file *rf, *wf;
	int err = pipe_alloc(&rf, &wf);
	if (err < 0)
		return err;
	fds[0] = fd_install(rf);
	fds[1] = fds[0] >= 0 ? fd_install(wf) : -1;
	if (fds[1] < 0 || copyout(p->pagetable, ufds, fds, sizeof(fds)) < 0) {
		if (fds[0] >= 0)
			p->ofile[fds[0]] = 0;
		if (fds[1] >= 0)
			p->ofile[fds[1]] = 0;
		file_close(rf);
		file_close(wf);
		return -E_MFILE;
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
	if ((err = fsop_open(myproc()->cwd, path, omode, &ip)) < 0)
		return err;
	struct stat st;
	if ((err = inode_stat(ip, &st)) < 0) {
		inode_put(ip);
		return err;
	}
	struct file *f = file_alloc();
	int fd = f ? fd_install(f) : -E_NFILE;
	if (fd < 0) {
		if (f)
			file_close(f);
		inode_put(ip);
		return fd;
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
	return fsop_mknod(myproc()->cwd, path, major, minor);
}

int64 sys_unlink(void)
{
	char path[MAXPATH];
	int err = arg_str(0, path, sizeof(path));
	return err < 0 ? err : fsop_unlink(myproc()->cwd, path);
}

int64 sys_link(void)
{
	char old[MAXPATH], new[MAXPATH];
	int err = arg_str(0, old, sizeof(old));
	if (err >= 0)
		err = arg_str(1, new, sizeof(new));
	return err < 0 ? err : fsop_link(myproc()->cwd, old, new);
}

int64 sys_symlink(void)
{
	char target[MAXPATH], path[MAXPATH];
	int err = arg_str(0, target, sizeof(target));
	if (err >= 0)
		err = arg_str(1, path, sizeof(path));
	return err < 0 ? err : fsop_symlink(myproc()->cwd, target, path);
}

int64 sys_mkdir(void)
{
	char path[MAXPATH];
	int err = arg_str(0, path, sizeof(path));
	return err < 0 ? err : fsop_mkdir(myproc()->cwd, path);
}

int64 sys_chdir(void)
{
	char path[MAXPATH];
	struct inode *ip;
	int err = arg_str(0, path, sizeof(path));
	if (err < 0 || (err = fsop_chdir(myproc()->cwd, path, &ip)) < 0)
		return err;
	struct proc *p = myproc();
	struct inode *old = p->cwd;
	p->cwd = ip;
	if (old)
		inode_put(old);
	return 0;
}
