/* touch FILE...: create each file that does not exist yet. */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/kite.h"

int main(int argc, char *argv[])
{
	struct stat st;
	struct opt o;
	int status = 0;

	opt_init(&o, argc, argv, "", "touch FILE...");
	while (opt_next(&o) != -1)
		;
	if (o.ind == argc)
		opt_usage(&o);
	for (int i = o.ind; i < argc; i++) {
		int fd;

		if (stat(argv[i], &st) == 0)
			continue; /* exists; no system call sets a file's times yet */
		fd = open(argv[i], O_CREATE | O_WRONLY);
		if (fd < 0) {
			fprintf(2, "touch: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		close(fd);
	}
	return status;
}
