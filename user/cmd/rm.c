/* rm [-r] PATH...: remove files; -r also removes directories and their contents. */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

static int recursive;
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
		fprintf(2, "rm: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (st.type == T_DIR) {
		if (!recursive) {
			fprintf(2, "rm: %s: is a directory\n", path);
			return 1;
		}
		n = dir_names(path, &names);
		if (n < 0) {
			fprintf(2, "rm: %s: %s\n", path, strerror(errno));
			return 1;
		}
		len = strlen(path);
		name = names;
		for (int i = 0; i < n; i++, name += strlen(name) + 1) {
			if (path_join(path + len, sizeof(path) - len, "/", name) < 0) {
				fprintf(2, "rm: %s/%s: path too long\n", path, name);
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

int main(int argc, char *argv[])
{
	int i = 1, status = 0;

	if (argc > 1 && strcmp(argv[1], "-r") == 0) {
		recursive = 1;
		i++;
	}
	if (i == argc) {
		fprintf(2, "usage: rm [-r] PATH...\n");
		exit(1);
	}
	for (; i < argc; i++) {
		if (strlen(argv[i]) >= sizeof(path)) {
			fprintf(2, "rm: %s: path too long\n", argv[i]);
			status = 1;
			continue;
		}
		strcpy(path, argv[i]);
		status |= rm();
	}
	return status;
}
