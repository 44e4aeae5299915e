/*
 * readlink LINK...: the target each symbolic link holds, one per line.
 * Anything that is not a symbolic link is an error (EINVAL), as POSIX's
 * readlink() says.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

/* The target of link in buf (NUL-ended): its length, or -1 with errno set. */
static int read_link(const char *link, char *buf, int size)
{
	struct stat st;
	int fd = open(link, O_RDONLY | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || st.type != T_SYMLINK) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	int n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	return n;
}

int main(int argc, char *argv[])
{
	struct opt o;
	char target[MAXPATH];
	int status = 0;

	opt_init(&o, argc, argv, "", "readlink LINK...");
	while (opt_next(&o) != -1)
		;
	if (o.ind == argc)
		opt_usage(&o);
	for (int i = o.ind; i < argc; i++) {
		if (read_link(argv[i], target, sizeof(target)) < 0) {
			fprintf(2, "readlink: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		printf("%s\n", target);
	}
	return status | out_check("readlink");
}
