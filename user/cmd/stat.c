/*
 * stat PATH...: every field of struct stat for each path, one per line.
 * A symbolic link is shown itself (lstat), not what it points to.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "user/user.h"
#include "user/kite.h"

static const char *type_name(int type)
{
	switch (type) {
	case T_DIR:
		return "directory";
	case T_FILE:
		return "file";
	case T_DEVICE:
		return "device";
	case T_SYMLINK:
		return "symlink";
	default:
		return "unknown";
	}
}

static void show(const char *path, const struct stat *st)
{
	char mtime[TIME_STR_LEN], ctime[TIME_STR_LEN];

	format_time(mtime, sizeof(mtime), st->mtime);
	format_time(ctime, sizeof(ctime), st->ctime);
	printf("  File: %s\n", path);
	printf("  Type: %s (%d)\n", type_name(st->type), st->type);
	printf("  Size: %lu\n", st->size);
	printf("Device: %d\n", st->dev);
	printf(" Inode: %u\n", st->ino);
	printf(" Links: %d\n", st->nlink);
	printf("Modify: %s UTC (%lu)\n", mtime, st->mtime);
	printf("Change: %s UTC (%lu)\n", ctime, st->ctime);
}

int main(int argc, char *argv[])
{
	int status = 0;
	struct stat st;

	if (argc < 2) {
		fprintf(2, "usage: stat PATH...\n");
		exit(1);
	}
	for (int i = 1; i < argc; i++) {
		if (lstat(argv[i], &st) < 0) {
			fprintf(2, "stat: %s: no such file or directory\n", argv[i]);
			status = 1;
			continue;
		}
		show(argv[i], &st);
	}
	return status;
}
