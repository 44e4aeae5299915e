/* touch FILE...: create each file that does not exist yet. */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/kite.h"

int main(int argc, char *argv[])
{
	int status = 0;
	struct stat st;

	if (argc < 2) {
		fprintf(2, "usage: touch FILE...\n");
		exit(1);
	}
	for (int i = 1; i < argc; i++) {
		int fd;

		if (stat(argv[i], &st) == 0)
			continue; /* exists; no system call sets a file's times yet */
		fd = open(argv[i], O_CREATE | O_WRONLY);
		if (fd < 0) {
			fprintf(2, "touch: %s: cannot create\n", argv[i]);
			status = 1;
			continue;
		}
		close(fd);
	}
	return status;
}
