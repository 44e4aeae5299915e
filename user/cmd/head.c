/* head [-n N] [FILE...]: print the first N (default 10) lines. */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/kite.h"

#define DEFAULT_LINES 10

static struct lreader rd;
static char line[LR_BUFSIZE];

static int head(int fd, int nlines)
{
	int n;

	lr_init(&rd, fd);
	while (nlines > 0 && (n = lr_getline(&rd, line, sizeof(line))) > 0) {
		write(1, line, n);
		/* A long line arrives in pieces; only its end counts. */
		if (line[n - 1] == '\n')
			nlines--;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	int nlines = DEFAULT_LINES, first = 1, status = 0;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		if (argc < 3 || !isdigit_str(argv[2])) {
			fprintf(2, "usage: head [-n N] [FILE...]\n");
			exit(1);
		}
		nlines = atoi(argv[2]);
		first = 3;
	} else if (argc > 1 && argv[1][0] == '-' && argv[1][1] != '\0') {
		fprintf(2, "usage: head [-n N] [FILE...]\n");
		exit(1);
	}
	if (first == argc)
		return head(0, nlines);
	for (int i = first; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);

		if (fd < 0) {
			fprintf(2, "head: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		if (argc - first > 1)
			printf("%s==> %s <==\n", i > first ? "\n" : "", argv[i]);
		head(fd, nlines);
		close(fd);
	}
	return status;
}
