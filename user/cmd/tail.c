/*
 * tail [-n N] [FILE]: print the last N (default 10) lines.
 *
 * There is no lseek, so a file is read twice: once to count its lines and
 * once to print from the right one.  Standard input cannot be reread, so
 * it is kept in memory instead.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/kite.h"

#define DEFAULT_LINES 10
#define CHUNK 4096

static char buf[CHUNK];

/* Lines in data[0..n): a final line without a newline counts too. */
static uint64 count_lines(const char *data, int n, uint64 lines, char *last)
{
	for (int i = 0; i < n; i++) {
		if (data[i] == '\n')
			lines++;
	}
	if (n > 0)
		*last = data[n - 1];
	return lines;
}

static int tail_file(const char *name, uint64 nlines)
{
	uint64 lines = 0, skip;
	char last = '\n';
	int fd, n;

	if ((fd = open(name, O_RDONLY)) < 0) {
		fprintf(2, "tail: %s: %s\n", name, strerror(errno));
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		lines = count_lines(buf, n, lines, &last);
	close(fd);
	if (last != '\n')
		lines++;
	skip = lines > nlines ? lines - nlines : 0;

	if ((fd = open(name, O_RDONLY)) < 0) {
		fprintf(2, "tail: %s: %s\n", name, strerror(errno));
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		int i = 0;

		while (skip > 0 && i < n) {
			if (buf[i++] == '\n')
				skip--;
		}
		if (i < n)
			write(1, buf + i, n - i);
	}
	close(fd);
	return 0;
}

static int tail_stdin(uint64 nlines)
{
	char *data = 0, *bigger;
	int len = 0, cap = 0, n, start;
	uint64 seen = 0;

	for (;;) {
		if (len + CHUNK > cap) {
			cap = cap ? 2 * cap : 4 * CHUNK;
			if ((bigger = malloc(cap)) == 0) {
				fprintf(2, "tail: out of memory\n");
				return 1;
			}
			memmove(bigger, data, len);
			free(data);
			data = bigger;
		}
		if ((n = read(0, data + len, CHUNK)) <= 0)
			break;
		len += n;
	}
	/* Walk back over nlines line ends (the final newline ends the last line). */
	start = len;
	if (start > 0 && data[start - 1] == '\n')
		start--;
	while (start > 0) {
		if (data[start - 1] == '\n' && ++seen == nlines)
			break;
		start--;
	}
	if (nlines == 0)
		start = len;
	write(1, data + start, len - start);
	free(data);
	return 0;
}

int main(int argc, char *argv[])
{
	int nlines = DEFAULT_LINES, first = 1;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		if (argc < 3 || !isdigit_str(argv[2])) {
			fprintf(2, "usage: tail [-n N] [FILE]\n");
			exit(1);
		}
		nlines = atoi(argv[2]);
		first = 3;
	}
	if (argc > first + 1 || (first < argc && argv[first][0] == '-')) {
		fprintf(2, "usage: tail [-n N] [FILE]\n");
		exit(1);
	}
	if (first == argc)
		return tail_stdin(nlines);
	return tail_file(argv[first], nlines);
}
