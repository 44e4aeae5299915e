/*
 * mv SRC DST: rename by linking the new name and unlinking the old one.
 * If DST is a directory the file moves into it.  An existing file DST is
 * replaced.  A symbolic link is moved as a link (re-created), not as the
 * file it points to.  Directories cannot be moved (link refuses them).
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

/* Re-creates symbolic link src as dst. */
static int move_symlink(const char *src, const char *dst)
{
	char target[MAXPATH];
	int fd, n;

	fd = open(src, O_RDONLY | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	n = read(fd, target, sizeof(target) - 1);
	close(fd);
	if (n < 0)
		return -1;
	target[n] = '\0';
	return symlink(target, dst);
}

int main(int argc, char *argv[])
{
	char dst[MAXPATH];
	struct stat sst, dst_st;
	int r;

	if (argc != 3) {
		fprintf(2, "usage: mv SRC DST\n");
		exit(1);
	}
	if (lstat(argv[1], &sst) < 0) {
		fprintf(2, "mv: %s: no such file or directory\n", argv[1]);
		exit(1);
	}
	if (strlen(argv[2]) >= sizeof(dst)) {
		fprintf(2, "mv: %s: path too long\n", argv[2]);
		exit(1);
	}
	strcpy(dst, argv[2]);
	if (stat(dst, &dst_st) == 0 && dst_st.type == T_DIR) {
		if (path_join(dst, sizeof(dst), argv[2], path_base(argv[1])) < 0) {
			fprintf(2, "mv: %s: path too long\n", argv[2]);
			exit(1);
		}
	}
	if (lstat(dst, &dst_st) == 0) {
		if (dst_st.dev == sst.dev && dst_st.ino == sst.ino) {
			fprintf(2, "mv: %s and %s are the same file\n", argv[1], dst);
			exit(1);
		}
		if (dst_st.type == T_DIR || unlink(dst) < 0) {
			fprintf(2, "mv: %s: cannot replace\n", dst);
			exit(1);
		}
	}
	r = sst.type == T_SYMLINK ? move_symlink(argv[1], dst) : link(argv[1], dst);
	if (r < 0) {
		fprintf(2, "mv: cannot move %s to %s\n", argv[1], dst);
		exit(1);
	}
	if (unlink(argv[1]) < 0) {
		fprintf(2, "mv: %s: cannot remove\n", argv[1]);
		exit(1);
	}
	return 0;
}
