/*
 * rm [-rf] PATH...: remove files; -r also removes directories and their
 * contents (a symbolic link is removed, never followed); -f: a missing
 * file is no error.  "/", "." and ".." (also as the last component, as in
 * "dir/..", and "//") are refused, and then nothing at all is removed.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

static int recursive, force;
/* The path being removed, extended and cut back in place while recursing
 * (one shared buffer keeps each level's stack frame small). */
static char path[MAXPATH];

static int rm(void)
{
	struct stat st;
	char *names, *name;
	int n, len, status = 0;

	/* lstat: a link to a directory is removed, not descended into. */
	if (lstat(path, &st) < 0) {
		if (force && errno == ENOENT)
			return 0;
		fprintf(2, "rm: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (st.type == T_DIR) {
		if (!recursive) {
			fprintf(2, "rm: %s: %s\n", path, strerror(EISDIR));
			return 1;
		}
		/* dir_names leaves out "." and "..": the walk never goes up. */
		n = dir_names(path, &names);
		if (n < 0) {
			fprintf(2, "rm: %s: %s\n", path, strerror(errno));
			return 1;
		}
		len = strlen(path);
		name = names;
		for (int i = 0; i < n; i++, name += strlen(name) + 1) {
			if (path_join(path + len, sizeof(path) - len, "/", name) < 0) {
				fprintf(2, "rm: %s/%s: %s\n", path, name, strerror(ENAMETOOLONG));
				status = 1;
				continue;
			}
			status |= rm();
			path[len] = '\0';
		}
		free(names);
		if (status)
			return status; /* the directory is not empty */
	}
	if (unlink(path) < 0) {
		fprintf(2, "rm: %s: %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

/* Is p "/" (any number of slashes), or does its last component name "." or ".."? */
static int is_protected(const char *p)
{
	int end = strlen(p), start;

	while (end > 0 && p[end - 1] == '/')
		end--;
	if (end == 0)
		return 1;
	start = end;
	while (start > 0 && p[start - 1] != '/')
		start--;
	return (end - start == 1 && p[start] == '.') ||
	       (end - start == 2 && p[start] == '.' && p[start + 1] == '.');
}

/* The root by another name ("/notes/../."), caught by its inode. */
static int is_root(const char *p)
{
	struct stat st, root;

	return stat(p, &st) == 0 && stat("/", &root) == 0 && st.dev == root.dev &&
	       st.ino == root.ino;
}

int main(int argc, char *argv[])
{
	struct opt o;
	int status = 0, opt;

	opt_init(&o, argc, argv, "rf", "rm [-rf] PATH...");
	while ((opt = opt_next(&o)) != -1) {
		if (opt == 'r')
			recursive = 1;
		else
			force = 1;
	}
	if (o.ind == argc && !force)
		opt_usage(&o);
	for (int i = o.ind; i < argc; i++) {
		if (is_protected(argv[i]) || is_root(argv[i])) {
			fprintf(2, "rm: refusing to remove '%s' (/, . and .. are never removed)\n",
			        argv[i]);
			status = 1;
		}
	}
	if (status)
		return status;
	for (int i = o.ind; i < argc; i++) {
		if (strlen(argv[i]) >= sizeof(path)) {
			fprintf(2, "rm: %s: %s\n", argv[i], strerror(ENAMETOOLONG));
			status = 1;
			continue;
		}
		strcpy(path, argv[i]);
		status |= rm();
	}
	return status;
}
