/*
 * du [-s] [PATH...]: the space used by each PATH (default ".") and, for
 * a directory, everything below it, in KiB: each file's size from stat,
 * rounded up to whole KiB.  A line is printed for every directory on the
 * way, or with -s only the total of each PATH.  Symbolic links are
 * counted, not followed.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

#define KIB 1024

static int summary;
static int status;
/* The path being measured, extended and cut back in place while recursing. */
static char path[MAXPATH];

static void show(uint64 kib)
{
	printf("%lu\t%s\n", kib, path);
}

/* The KiB used by path and everything under it. */
static uint64 du(int top)
{
	struct stat st;
	char *names, *name;
	uint64 total;
	int n, len;

	if (lstat(path, &st) < 0) {
		fprintf(2, "du: %s: %s\n", path, strerror(errno));
		status = 1;
		return 0;
	}
	total = (st.size + KIB - 1) / KIB;
	if (st.type != T_DIR) {
		if (top)
			show(total);
		return total;
	}
	if ((n = dir_names(path, &names)) < 0) {
		fprintf(2, "du: %s: %s\n", path, strerror(errno));
		status = 1;
		return total;
	}
	len = strlen(path);
	name = names;
	for (int i = 0; i < n; i++, name += strlen(name) + 1) {
		if (path_join(path + len, sizeof(path) - len,
		              len > 0 && path[len - 1] == '/' ? "" : "/", name) < 0) {
			fprintf(2, "du: %s/%s: %s\n", path, name, strerror(ENAMETOOLONG));
			status = 1;
			continue;
		}
		total += du(0);
		path[len] = '\0';
	}
	free(names);
	if (top || !summary)
		show(total);
	return total;
}

static void du_operand(const char *p)
{
	if (strlen(p) >= sizeof(path)) {
		fprintf(2, "du: %s: %s\n", p, strerror(ENAMETOOLONG));
		status = 1;
		return;
	}
	strcpy(path, p);
	du(1);
}

int main(int argc, char *argv[])
{
	struct opt o;

	opt_init(&o, argc, argv, "s", "du [-s] [PATH...]");
	while (opt_next(&o) != -1)
		summary = 1;
	if (o.ind == argc)
		du_operand(".");
	for (int i = o.ind; i < argc && !out_failed(); i++)
		du_operand(argv[i]);
	return status | out_check("du");
}
