/* cp SRC DST: copy a file; if DST is a directory, into DST/SRC's name. */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

static char buf[4096];

int main(int argc, char *argv[])
{
	char dst[MAXPATH];
	struct stat sst, dst_st;
	int in, out, n;

	if (argc != 3) {
		fprintf(2, "usage: cp SRC DST\n");
		exit(1);
	}
	in = open(argv[1], O_RDONLY);
	if (in < 0 || fstat(in, &sst) < 0) {
		fprintf(2, "cp: %s: %s\n", argv[1], strerror(errno));
		exit(1);
	}
	if (sst.type == T_DIR) {
		fprintf(2, "cp: %s: is a directory\n", argv[1]);
		exit(1);
	}
	if (strlen(argv[2]) >= sizeof(dst)) {
		fprintf(2, "cp: %s: path too long\n", argv[2]);
		exit(1);
	}
	strcpy(dst, argv[2]);
	if (stat(dst, &dst_st) == 0 && dst_st.type == T_DIR) {
		if (path_join(dst, sizeof(dst), argv[2], path_base(argv[1])) < 0) {
			fprintf(2, "cp: %s: path too long\n", argv[2]);
			exit(1);
		}
	}
	/* Truncating the source itself would destroy it. */
	if (stat(dst, &dst_st) == 0 && dst_st.dev == sst.dev && dst_st.ino == sst.ino) {
		fprintf(2, "cp: %s and %s are the same file\n", argv[1], dst);
		exit(1);
	}
	out = open(dst, O_WRONLY | O_CREATE | O_TRUNC);
	if (out < 0) {
		fprintf(2, "cp: %s: %s\n", dst, strerror(errno));
		exit(1);
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, n) != n) {
			fprintf(2, "cp: %s: %s\n", dst, strerror(errno));
			exit(1);
		}
	}
	if (n < 0) {
		fprintf(2, "cp: %s: %s\n", argv[1], strerror(errno));
		exit(1);
	}
	close(in);
	close(out);
	return 0;
}
