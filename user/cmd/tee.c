/*
 * tee [-a] [FILE...]: copy standard input to standard output and to each
 * FILE (-a: append to the files instead of replacing them).
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

static char buf[4096];
static int fds[NOFILE];

/*
 * O_APPEND is not in kernel/fcntl.h yet, and there is no lseek: to append,
 * the file is opened and read to its end, where the next write goes.
 * (Another writer appending at the same time may be overwritten.)
 */
static int open_append(const char *name)
{
	int fd = open(name, O_RDWR | O_CREATE), n;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	if (n < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int main(int argc, char *argv[])
{
	struct opt o;
	int append = 0, nfds = 0, status = 0, n;

	opt_init(&o, argc, argv, "a", "tee [-a] [FILE...]");
	while (opt_next(&o) != -1)
		append = 1;
	if (argc - o.ind > NOFILE - 3) {
		fprintf(2, "tee: %s\n", strerror(EMFILE));
		opt_usage(&o);
	}
	for (int i = o.ind; i < argc; i++) {
		int fd =
		    append ? open_append(argv[i]) : open(argv[i], O_WRONLY | O_CREATE | O_TRUNC);

		if (fd < 0) {
			fprintf(2, "tee: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			fds[nfds++] = -1;
			continue;
		}
		fds[nfds++] = fd;
	}
	while ((n = read(0, buf, sizeof(buf))) > 0) {
		out_write(buf, n); /* a lost stdout does not stop the copies to the files */
		for (int i = 0; i < nfds; i++) {
			int done;

			if (fds[i] < 0)
				continue;
			if ((done = write(fds[i], buf, n)) != n) {
				fprintf(2, "tee: %s: %s\n", argv[o.ind + i],
				        strerror(done < 0 ? errno : ENOSPC));
				close(fds[i]);
				fds[i] = -1;
				status = 1;
			}
		}
	}
	if (n < 0) {
		fprintf(2, "tee: stdin: %s\n", strerror(errno));
		status = 1;
	}
	for (int i = 0; i < nfds; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
	}
	return status | out_check("tee");
}
