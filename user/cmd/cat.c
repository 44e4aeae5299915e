/* cat [FILE...]: copy each file (or standard input, also "-") to standard output. */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/kite.h"

static char buf[4096];

/* 0, or 1 after a message (a write error is left for out_check). */
static int copy(int fd, const char *name)
{
	int n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (out_write(buf, n) < 0)
			return 1;
	}
	if (n < 0) {
		fprintf(2, "cat: %s: %s\n", name, strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	struct opt o;
	int status = 0;

	opt_init(&o, argc, argv, "", "cat [FILE...]");
	while (opt_next(&o) != -1)
		;
	if (o.ind == argc)
		status = copy(0, "stdin");
	for (int i = o.ind; i < argc && !out_failed(); i++) {
		int fd;

		if (strcmp(argv[i], "-") == 0) {
			status |= copy(0, "stdin");
			continue;
		}
		fd = open_read(argv[i]);
		if (fd < 0) {
			fprintf(2, "cat: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		status |= copy(fd, argv[i]);
		close(fd);
	}
	return status | out_check("cat");
}
