/* path.c: small helpers for programs that walk directories or run commands. */
#include "kernel/types.h"
#include "kernel/fs.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

ULIB_WEAK int path_join(char *out, int size, const char *dir, const char *name)
{
	int dl = strlen(dir), nl = strlen(name);
	int slash = dl > 0 && dir[dl - 1] != '/';

	if (dl + slash + nl + 1 > size)
		return -1;
	memmove(out, dir, dl);
	if (slash)
		out[dl++] = '/';
	memmove(out + dl, name, nl + 1);
	return 0;
}

ULIB_WEAK const char *path_base(const char *path)
{
	const char *base = path;

	for (const char *p = path; *p; p++) {
		if (*p == '/' && p[1] != '\0')
			base = p + 1;
	}
	return base;
}

/*
 * Reading the whole directory before the caller acts on it means the caller
 * holds no directory descriptor while it recurses (descriptors are scarce:
 * NOFILE per process) and may freely unlink entries.
 */
ULIB_WEAK int dir_names(const char *path, char **names)
{
	struct dirent de;
	struct stat st;
	char *buf = 0, *nbuf;
	int fd, len = 0, cap = 0, count = 0;

	*names = 0;
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || st.type != T_DIR) {
		close(fd);
		return -1;
	}
	while (read(fd, &de, sizeof(de)) == sizeof(de)) {
		char name[DIRSIZ + 1];
		int nl;

		if (de.inum == 0)
			continue;
		memmove(name, de.name, DIRSIZ);
		name[DIRSIZ] = '\0';
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		nl = strlen(name) + 1;
		if (len + nl > cap) {
			cap = cap ? 2 * cap : 256;
			nbuf = malloc(cap);
			if (nbuf == 0) {
				free(buf);
				close(fd);
				return -1;
			}
			memmove(nbuf, buf, len);
			free(buf);
			buf = nbuf;
		}
		memmove(buf + len, name, nl);
		len += nl;
		count++;
	}
	close(fd);
	*names = buf;
	return count;
}

ULIB_WEAK int exec_command(char **argv)
{
	char path[MAXPATH];

	if (strchr(argv[0], '/') == 0 && path_join(path, sizeof(path), "/", argv[0]) == 0)
		exec(path, argv);
	return exec(argv[0], argv);
}
