/*
 * tail [-f] [-n N | -N] [FILE...]: print the last N (default 10) lines of
 * each file, or of standard input; with several files, each under a
 * "==> NAME <==" header.  -f (one FILE): then keep printing what is
 * appended to it, polling every FOLLOW_TICKS, until killed.
 *
 * There is no lseek, so a file is read twice: once to count its lines and
 * once to print from the right one.  Standard input cannot be reread, so
 * it is kept in memory instead.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

#define DEFAULT_LINES 10
#define CHUNK 4096
#define FOLLOW_TICKS (TICK_HZ / 2)

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

static int open_error(const char *name)
{
	fprintf(2, "tail: %s: %s\n", name, strerror(errno));
	return -1;
}

/* Prints the last nlines of name, under a "==> NAME <==" line (after sep)
 * when sep is not 0; returns the descriptor, read to its end, or -1. */
static int tail_file(const char *name, const char *sep, uint64 nlines)
{
	uint64 lines = 0, skip;
	char last = '\n';
	int fd, n;

	if ((fd = open_read(name)) < 0)
		return open_error(name);
	if (sep)
		printf("%s==> %s <==\n", sep, name);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		lines = count_lines(buf, n, lines, &last);
	close(fd);
	if (n < 0)
		return open_error(name);
	if (last != '\n')
		lines++;
	skip = lines > nlines ? lines - nlines : 0;

	if ((fd = open_read(name)) < 0)
		return open_error(name);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		int i = 0;

		while (skip > 0 && i < n) {
			if (buf[i++] == '\n')
				skip--;
		}
		if (i < n && out_write(buf + i, n - i) < 0)
			break;
	}
	if (n < 0) {
		close(fd);
		return open_error(name);
	}
	return fd;
}

/* What is appended to fd from now on, until killed or a write fails. */
static void follow(int fd)
{
	int n;

	while ((n = read(fd, buf, sizeof(buf))) >= 0) {
		if (n == 0)
			pause(FOLLOW_TICKS);
		else if (out_write(buf, n) < 0)
			return;
	}
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
	if (n < 0) {
		fprintf(2, "tail: stdin: %s\n", strerror(errno));
		free(data);
		return 1;
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
	out_write(data + start, len - start);
	free(data);
	return 0;
}

int main(int argc, char *argv[])
{
	struct opt o;
	int nlines, following = 0, status = 0, nfiles, opt;

	opt_init(&o, argc, argv, "fn:", "tail [-f] [-n N | -N] [FILE...]");
	nlines = opt_old_count(&o);
	if (nlines < 0)
		nlines = DEFAULT_LINES;
	while ((opt = opt_next(&o)) != -1) {
		if (opt == 'f')
			following = 1;
		else
			nlines = opt_uint(&o, o.arg);
	}
	nfiles = argc - o.ind;
	if (following && nfiles != 1) {
		fprintf(2, "tail: -f follows exactly one FILE\n");
		opt_usage(&o);
	}
	if (nfiles == 0)
		return tail_stdin(nlines) | out_check("tail");
	for (int i = o.ind; i < argc && !out_failed(); i++) {
		const char *sep = nfiles < 2 ? 0 : i > o.ind ? "\n" : "";
		int fd = tail_file(argv[i], sep, nlines);

		if (fd < 0) {
			status = 1;
			continue;
		}
		if (following)
			follow(fd);
		close(fd);
	}
	return status | out_check("tail");
}
