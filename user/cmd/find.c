/*
 * find [DIR] [-name PATTERN]: print DIR and every path below it, or only
 * those whose last component matches PATTERN ('*' and '?' wildcards).
 * Symbolic links are listed but not followed.  (find's operands come
 * before its expression, so it does not use opt_next.)
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

#define USAGE "usage: find [DIR] [-name PATTERN]\n"

static const char *pattern;
/* The current path, extended and cut back in place while recursing. */
static char path[MAXPATH];

static int find(void)
{
	struct stat st;
	char *names, *name;
	int n, len, status = 0;

	if (lstat(path, &st) < 0) {
		fprintf(2, "find: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (pattern == 0 || glob_match(pattern, path_base(path)))
		printf("%s\n", path);
	if (st.type != T_DIR || out_failed())
		return 0;
	n = dir_names(path, &names);
	if (n < 0) {
		fprintf(2, "find: %s: %s\n", path, strerror(errno));
		return 1;
	}
	len = strlen(path);
	name = names;
	for (int i = 0; i < n; i++, name += strlen(name) + 1) {
		if (path_join(path + len, sizeof(path) - len,
		              len > 0 && path[len - 1] == '/' ? "" : "/", name) < 0) {
			fprintf(2, "find: %s/%s: %s\n", path, name, strerror(ENAMETOOLONG));
			status = 1;
			continue;
		}
		status |= find();
		path[len] = '\0';
	}
	free(names);
	return status;
}

int main(int argc, char *argv[])
{
	const char *start = ".";
	int i = 1;

	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		printf(USAGE);
		return out_check("find");
	}
	if (i < argc && argv[i][0] != '-')
		start = argv[i++];
	if (i < argc) {
		if (strcmp(argv[i], "-name") != 0 || i + 2 != argc) {
			if (argv[i][0] == '-' && strcmp(argv[i], "-name") != 0)
				fprintf(2, "find: unknown option %s\n", argv[i]);
			fprintf(2, USAGE);
			exit(OPT_USAGE_STATUS);
		}
		pattern = argv[i + 1];
	}
	if (strlen(start) >= sizeof(path)) {
		fprintf(2, "find: %s: %s\n", start, strerror(ENAMETOOLONG));
		exit(1);
	}
	strcpy(path, start);
	return find() | out_check("find");
}
