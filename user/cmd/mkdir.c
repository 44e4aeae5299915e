/*
 * mkdir [-p] DIR...: create directories.  -p: create the missing parents
 * too, and say nothing if a directory already exists.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

static char path[MAXPATH];

/* mkdir(path), where a directory already there counts as made. */
static int make_dir_once(void)
{
	struct stat st;

	if (mkdir(path) == 0)
		return 0;
	if (errno == EEXIST && stat(path, &st) == 0 && st.type == T_DIR)
		return 0;
	return -1; /* errno from mkdir: stat leaves it alone on success */
}

/* Every prefix of path that ends before a '/', then path itself. */
static int make_parents(void)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/' || p[-1] == '/')
			continue;
		*p = '\0';
		if (make_dir_once() < 0) {
			fprintf(2, "mkdir: %s: %s\n", path, strerror(errno));
			*p = '/';
			return 1;
		}
		*p = '/';
	}
	return 0;
}

int main(int argc, char *argv[])
{
	struct opt o;
	int status = 0, parents = 0;

	opt_init(&o, argc, argv, "p", "mkdir [-p] DIR...");
	while (opt_next(&o) != -1)
		parents = 1;
	if (o.ind == argc)
		opt_usage(&o);
	for (int i = o.ind; i < argc; i++) {
		if (strlen(argv[i]) >= sizeof(path)) {
			fprintf(2, "mkdir: %s: %s\n", argv[i], strerror(ENAMETOOLONG));
			status = 1;
			continue;
		}
		strcpy(path, argv[i]);
		if (parents && make_parents() != 0) {
			status = 1;
			continue;
		}
		if ((parents ? make_dir_once() : mkdir(path)) < 0) {
			fprintf(2, "mkdir: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
}
