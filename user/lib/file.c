/* file.c: stat, lstat, open_read, getcwd and gets, built on system calls. */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/kite.h"

static int stat_flags(const char *path, struct stat *st, int flags)
{
	int fd, r;

	fd = open(path, O_RDONLY | flags);
	if (fd < 0)
		return -1;
	r = fstat(fd, st);
	close(fd);
	return r;
}

int stat(const char *path, struct stat *st)
{
	return stat_flags(path, st, 0);
}

ULIB_WEAK int lstat(const char *path, struct stat *st)
{
	return stat_flags(path, st, O_NOFOLLOW);
}

/* A directory is refused here because read() would return its raw entries. */
ULIB_WEAK int open_read(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return -1;
	}
	if (st.type == T_DIR) {
		close(fd);
		errno = EISDIR;
		return -1;
	}
	return fd;
}

ULIB_WEAK char *getcwd(char *buf, int size)
{
	return sys_getcwd(buf, size) < 0 ? 0 : buf;
}

/*
 * Reads one line from fd 0 into buf, keeping the newline, stopping at max-1
 * bytes or end of input.  One byte per read() so that nothing past the
 * line is consumed (a child process may read the rest).
 */
char *gets(char *buf, int max)
{
	int i = 0;
	char c;

	while (i + 1 < max) {
		if (read(0, &c, 1) < 1)
			break;
		buf[i++] = c;
		if (c == '\n' || c == '\r')
			break;
	}
	buf[i] = '\0';
	return buf;
}
