/*
 * head [-n N | -N] [FILE...]: print the first N (default 10) lines of each
 * file, or of standard input; with several files, each under a
 * "==> NAME <==" header.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/kite.h"

#define DEFAULT_LINES 10

static struct lreader rd;
static char line[LR_BUFSIZE];

static int head(int fd, const char *name, int nlines)
{
	int n = 0;

	lr_init(&rd, fd);
	while (nlines > 0 && (n = lr_getline(&rd, line, sizeof(line))) > 0) {
		if (out_write(line, n) < 0)
			return 1;
		/* A long line arrives in pieces; only its end counts. */
		if (line[n - 1] == '\n')
			nlines--;
	}
	if (n < 0) {
		fprintf(2, "head: %s: %s\n", name, strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	struct opt o;
	int nlines, status = 0, nfiles;

	opt_init(&o, argc, argv, "n:", "head [-n N | -N] [FILE...]");
	nlines = opt_old_count(&o);
	if (nlines < 0)
		nlines = DEFAULT_LINES;
	while (opt_next(&o) != -1)
		nlines = opt_uint(&o, o.arg);
	nfiles = argc - o.ind;
	if (nfiles == 0)
		return head(0, "stdin", nlines) | out_check("head");
	for (int i = o.ind; i < argc && !out_failed(); i++) {
		int fd = open_read(argv[i]);

		if (fd < 0) {
			fprintf(2, "head: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		if (nfiles > 1)
			printf("%s==> %s <==\n", i > o.ind ? "\n" : "", argv[i]);
		status |= head(fd, argv[i], nlines);
		close(fd);
	}
	return status | out_check("head");
}
