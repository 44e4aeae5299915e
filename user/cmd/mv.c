/*
 * mv SRC DST: rename SRC to DST with rename(), which moves files,
 * symbolic links (as links) and directories in one step.  If DST is a
 * directory, SRC moves into it.  An existing DST of the same kind is
 * replaced (a directory only if empty).  Kite has one file system, so
 * rename() always applies: no copy-and-remove fallback is needed.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

int main(int argc, char *argv[])
{
	char dst[MAXPATH];
	struct stat sst, dst_st;

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
	if (stat(dst, &dst_st) == 0 && dst_st.type == T_DIR &&
	    !(dst_st.dev == sst.dev && dst_st.ino == sst.ino)) {
		if (path_join(dst, sizeof(dst), argv[2], path_base(argv[1])) < 0) {
			fprintf(2, "mv: %s: path too long\n", argv[2]);
			exit(1);
		}
	}
	if (lstat(dst, &dst_st) == 0 && dst_st.dev == sst.dev && dst_st.ino == sst.ino) {
		fprintf(2, "mv: %s and %s are the same file\n", argv[1], dst);
		exit(1);
	}
	if (rename(argv[1], dst) < 0) {
		fprintf(2, "mv: cannot move %s to %s\n", argv[1], dst);
		exit(1);
	}
	return 0;
}
