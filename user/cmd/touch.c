/*
 * touch [-c] [-t SECONDS] FILE...: set each file's modification time to
 * now (or to SECONDS since 1970), creating it if it does not exist (not
 * with -c).
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/kite.h"

int main(int argc, char *argv[])
{
	struct opt o;
	struct timeval times[2] = {{0, 0}, {0, 0}};
	struct timeval *when = 0; /* now */
	int c, status = 0, create = 1;

	opt_init(&o, argc, argv, "ct:", "touch [-c] [-t SECONDS] FILE...");
	while ((c = opt_next(&o)) != -1) {
		if (c == 'c') {
			create = 0;
		} else {
			times[0].tv_sec = times[1].tv_sec = opt_uint(&o, o.arg);
			when = times;
		}
	}
	if (o.ind == argc)
		opt_usage(&o);
	for (int i = o.ind; i < argc; i++) {
		if (utimes(argv[i], when) == 0)
			continue;
		if (errno == ENOENT && !create)
			continue; /* -c: a missing file is left missing, and is no error */
		if (errno == ENOENT) {
			int fd = open(argv[i], O_CREATE | O_WRONLY);
			if (fd >= 0) {
				close(fd);
				if (!when || utimes(argv[i], when) == 0)
					continue;
			}
		}
		fprintf(2, "touch: %s: %s\n", argv[i], strerror(errno));
		status = 1;
	}
	return status;
}
