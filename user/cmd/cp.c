/*
 * cp [-r] SRC DST, cp [-r] SRC... DIR: copy files; into DIR/SRC's name when
 * the destination is a directory.  -r copies directories and everything
 * in them (symbolic links are followed).
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

static char buf[4096];
static int recursive;
/* Source and destination of the copy under way, extended and cut back in
 * place while recursing (shared buffers keep the stack frames small). */
static char src[MAXPATH], dst[MAXPATH];

static int fail(const char *name, int err)
{
	fprintf(2, "cp: %s: %s\n", name, strerror(err));
	return 1;
}

static int copy_file(int in, const struct stat *sst)
{
	struct stat dst_st;
	int out, n;

	/* Truncating the source itself would destroy it. */
	if (stat(dst, &dst_st) == 0 && dst_st.dev == sst->dev && dst_st.ino == sst->ino) {
		fprintf(2, "cp: %s and %s are the same file\n", src, dst);
		return 1;
	}
	out = open(dst, O_WRONLY | O_CREATE | O_TRUNC);
	if (out < 0)
		return fail(dst, errno);
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		int done = write(out, buf, n);

		if (done != n) {
			close(out);
			return fail(dst, done < 0 ? errno : ENOSPC);
		}
	}
	close(out);
	return n < 0 ? fail(src, errno) : 0;
}

static int copy(void);

/* src is a directory: make dst and copy each entry into it. */
static int copy_dir(void)
{
	struct stat st;
	char *names, *name;
	int n, slen = strlen(src), dlen = strlen(dst), status = 0;

	if (!recursive) {
		fprintf(2, "cp: %s: %s (use -r)\n", src, strerror(EISDIR));
		return 1;
	}
	if (strncmp(dst, src, slen) == 0 && (dst[slen] == '/' || dst[slen] == '\0')) {
		fprintf(2, "cp: cannot copy %s into itself\n", src);
		return 1;
	}
	if (mkdir(dst) < 0 && !(errno == EEXIST && stat(dst, &st) == 0 && st.type == T_DIR))
		return fail(dst, errno);
	if ((n = dir_names(src, &names)) < 0)
		return fail(src, errno);
	name = names;
	for (int i = 0; i < n; i++, name += strlen(name) + 1) {
		if (path_join(src + slen, sizeof(src) - slen, "/", name) < 0 ||
		    path_join(dst + dlen, sizeof(dst) - dlen, "/", name) < 0)
			status |= fail(name, ENAMETOOLONG);
		else
			status |= copy();
		src[slen] = '\0';
		dst[dlen] = '\0';
	}
	free(names);
	return status;
}

static int copy(void)
{
	struct stat sst;
	int in, status;

	in = open(src, O_RDONLY);
	if (in < 0 || fstat(in, &sst) < 0) {
		status = fail(src, errno);
		if (in >= 0)
			close(in);
		return status;
	}
	if (sst.type == T_DIR) {
		close(in); /* descriptors are scarce; the walk holds none */
		return copy_dir();
	}
	status = copy_file(in, &sst);
	close(in);
	return status;
}

int main(int argc, char *argv[])
{
	struct stat st;
	struct opt o;
	const char *target;
	int status = 0, into_dir;

	opt_init(&o, argc, argv, "r", "cp [-r] SRC DST | cp [-r] SRC... DIR");
	while (opt_next(&o) != -1)
		recursive = 1;
	if (argc - o.ind < 2)
		opt_usage(&o);
	target = argv[argc - 1];
	into_dir = stat(target, &st) == 0 && st.type == T_DIR;
	if (argc - o.ind > 2 && !into_dir) {
		fprintf(2, "cp: %s: %s\n", target, strerror(ENOTDIR));
		opt_usage(&o);
	}
	for (int i = o.ind; i < argc - 1; i++) {
		if (strlen(argv[i]) >= sizeof(src) ||
		    (into_dir ? path_join(dst, sizeof(dst), target, path_base(argv[i]))
		              : path_join(dst, sizeof(dst), "", target)) < 0) {
			status |= fail(argv[i], ENAMETOOLONG);
			continue;
		}
		strcpy(src, argv[i]);
		status |= copy();
	}
	return status;
}
