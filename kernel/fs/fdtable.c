/*
 * fdtable.c: file-descriptor tables (see fdtable.h for the rules).  The
 * lowest free slot is always chosen, as POSIX requires of open, dup and
 * pipe; a shell's redirections depend on it.
 */
#include "fs/fdtable.h"
#include "fs/file.h"
#include "lib/errno.h"
#include "lib/panic.h"

static int fd_ok(int fd)
{
	return fd >= 0 && fd < NOFILE;
}

void fdt_init(struct fdtable *t)
{
	for (int fd = 0; fd < NOFILE; fd++)
		t->slot[fd] = 0;
}

int fdt_find_free(const struct fdtable *t, int *fds, int n)
{
	int found = 0;
	for (int fd = 0; fd < NOFILE && found < n; fd++)
		if (!t->slot[fd])
			fds[found++] = fd;
	return found == n ? 0 : -E_MFILE;
}

void fdt_install_at(struct fdtable *t, int fd, struct file *f)
{
	if (!fd_ok(fd) || t->slot[fd])
		panic("fdt_install_at: descriptor %d is not free", fd);
	t->slot[fd] = f;
}

int fdt_install(struct fdtable *t, struct file *f)
{
	int fd;
	int err = fdt_find_free(t, &fd, 1);
	if (err)
		return err;
	fdt_install_at(t, fd, f);
	return fd;
}

int fdt_get(const struct fdtable *t, int fd, struct file **f)
{
	if (!fd_ok(fd) || !t->slot[fd])
		return -E_BADF;
	*f = t->slot[fd];
	return 0;
}

int fdt_close(struct fdtable *t, int fd)
{
	struct file *f;
	int err = fdt_get(t, fd, &f);
	if (err)
		return err;
	t->slot[fd] = 0;
	file_close(f);
	return 0;
}

int fdt_dup(struct fdtable *t, int fd)
{
	struct file *f;
	int err = fdt_get(t, fd, &f);
	if (err)
		return err;
	int nfd = fdt_install(t, f);
	if (nfd >= 0)
		file_dup(f);
	return nfd;
}

void fdt_copy(struct fdtable *dst, const struct fdtable *src)
{
	for (int fd = 0; fd < NOFILE; fd++)
		dst->slot[fd] = src->slot[fd] ? file_dup(src->slot[fd]) : 0;
}

void fdt_close_all(struct fdtable *t)
{
	for (int fd = 0; fd < NOFILE; fd++)
		if (t->slot[fd])
			fdt_close(t, fd);
}
