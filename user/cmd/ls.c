/*
 * ls [-l] [PATH...]: list directories (or name files).  -l adds the type,
 * inode number, link count, size and modification time (UTC).  Entries are looked at with lstat,
 * so a symbolic link shows as a link, not as what it points to.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fs.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

static int longfmt;

static const char *type_name(int type)
{
	switch (type) {
	case T_DIR:
		return "dir";
	case T_FILE:
		return "file";
	case T_DEVICE:
		return "dev";
	case T_SYMLINK:
		return "link";
	default:
		return "?";
	}
}

static void show(const char *name, const struct stat *st)
{
	char when[TIME_STR_LEN];

	if (longfmt) {
		format_time(when, sizeof(when), st->mtime);
		printf("%-4s %5u %3d %8lu %s %s\n", type_name(st->type), st->ino, st->nlink,
		       st->size, when, name);
	} else
		printf("%s\n", name);
}

static int list_dir(const char *path)
{
	char full[MAXPATH], *names, *name;
	int n, status = 0;
	struct stat st;

	n = dir_names(path, &names);
	if (n < 0) {
		fprintf(2, "ls: %s: cannot read directory\n", path);
		return 1;
	}
	name = names;
	for (int i = 0; i < n; i++, name += strlen(name) + 1) {
		if (!longfmt) {
			show(name, 0);
			continue;
		}
		if (path_join(full, sizeof(full), path, name) < 0 || lstat(full, &st) < 0) {
			fprintf(2, "ls: %s: cannot stat\n", name);
			status = 1;
			continue;
		}
		show(name, &st);
	}
	free(names);
	return status;
}

static int ls(const char *path, int header)
{
	struct stat st;

	/* With -l a link named on the command line is shown as a link. */
	if (longfmt && lstat(path, &st) == 0 && st.type == T_SYMLINK) {
		show(path, &st);
		return 0;
	}
	/* Otherwise it is followed, unless it dangles. */
	if (stat(path, &st) < 0 && lstat(path, &st) < 0) {
		fprintf(2, "ls: %s: no such file or directory\n", path);
		return 1;
	}
	if (st.type != T_DIR) {
		show(path, &st);
		return 0;
	}
	if (header)
		printf("%s:\n", path);
	return list_dir(path);
}

int main(int argc, char *argv[])
{
	int i = 1, status = 0;

	if (argc > 1 && strcmp(argv[1], "-l") == 0) {
		longfmt = 1;
		i++;
	}
	if (i < argc && argv[i][0] == '-') {
		fprintf(2, "usage: ls [-l] [PATH...]\n");
		exit(1);
	}
	if (i == argc)
		return ls(".", 0);
	for (int first = i; i < argc; i++)
		status |= ls(argv[i], argc - first > 1);
	return status;
}
