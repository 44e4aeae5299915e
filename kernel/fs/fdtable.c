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
	spin_init(&t->lock, "fdtable");
	for (int fd = 0; fd < NOFILE; fd++)
		t->slot[fd] = 0;
}

/* fdt_find_free with t->lock held. */
static int find_free(struct fdtable *t, int *fds, int n)
{
	KASSERT(holding(&t->lock));
	int found = 0;
	for (int fd = 0; fd < NOFILE && found < n; fd++)
		if (!t->slot[fd])
			fds[found++] = fd;
	return found == n ? 0 : -E_MFILE;
}

int fdt_find_free(struct fdtable *t, int *fds, int n)
{
	acquire(&t->lock);
	int err = find_free(t, fds, n);
	release(&t->lock);
	return err;
}

int fdt_install_pair(struct fdtable *t, struct file *a, struct file *b, int fds[2])
{
	acquire(&t->lock);
	int err = find_free(t, fds, 2);
	if (!err) {
		t->slot[fds[0]] = a;
		t->slot[fds[1]] = b;
	}
	release(&t->lock);
	return err;
}

int fdt_install(struct fdtable *t, struct file *f)
{
	int fd;
	acquire(&t->lock);
	int err = find_free(t, &fd, 1);
	if (!err)
		t->slot[fd] = f;
	release(&t->lock);
	return err ? err : fd;
}

/* The file at fd, or 0; t->lock held. */
static struct file *slot_of(struct fdtable *t, int fd)
{
	KASSERT(holding(&t->lock));
	return fd_ok(fd) ? t->slot[fd] : 0;
}

int fdt_get(struct fdtable *t, int fd, struct file **f)
{
	acquire(&t->lock);
	struct file *file = slot_of(t, fd);
	release(&t->lock);
	if (!file)
		return -E_BADF;
	*f = file;
	return 0;
}

int fdt_get_ref(struct fdtable *t, int fd, struct file **f)
{
	acquire(&t->lock);
	struct file *file = slot_of(t, fd);
	if (file)
		file_dup(file); /* under the lock: no other thread can close it first */
	release(&t->lock);
	if (!file)
		return -E_BADF;
	*f = file;
	return 0;
}

int fdt_close(struct fdtable *t, int fd)
{
	acquire(&t->lock);
	struct file *f = slot_of(t, fd);
	if (f)
		t->slot[fd] = 0;
	release(&t->lock);
	if (!f)
		return -E_BADF;
	file_close(f); /* may sleep: without the lock */
	return 0;
}

int fdt_dup(struct fdtable *t, int fd)
{
	int nfd;
	acquire(&t->lock);
	struct file *f = slot_of(t, fd);
	int err = f ? find_free(t, &nfd, 1) : -E_BADF;
	if (!err)
		t->slot[nfd] = file_dup(f);
	release(&t->lock);
	return err ? err : nfd;
}

void fdt_copy(struct fdtable *dst, struct fdtable *src)
{
	fdt_init(dst); /* its lock too: dst may be a table never used */
	acquire(&src->lock);
	for (int fd = 0; fd < NOFILE; fd++)
		dst->slot[fd] = src->slot[fd] ? file_dup(src->slot[fd]) : 0;
	release(&src->lock);
}

void fdt_close_all(struct fdtable *t)
{
	for (int fd = 0; fd < NOFILE; fd++)
		fdt_close(t, fd); /* -E_BADF for the empty ones */
}
