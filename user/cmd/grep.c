/*
 * grep PATTERN [FILE...]: print the lines that match PATTERN, a regular
 * expression with . * ^ $ (and \ to quote one of them); see lib/match.c.
 * Exit status: 0 if a line matched, 1 if none did, 2 on an error.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/kite.h"

#define LINEMAX 1024

static struct regex re;
static struct lreader rd;
static char line[LINEMAX];

/* Prints matching lines of fd; returns the number that matched, -1 on error. */
static int grep_fd(int fd, const char *name, int show_name)
{
	int n, matches = 0;

	lr_init(&rd, fd);
	while ((n = lr_getline(&rd, line, sizeof(line))) > 0) {
		int nl = line[n - 1] == '\n';

		if (nl)
			line[n - 1] = '\0';
		if (!re_match(&re, line))
			continue;
		matches++;
		if (show_name)
			printf("%s:%s\n", name, line);
		else
			printf("%s\n", line);
	}
	if (n < 0) {
		fprintf(2, "grep: %s: %s\n", name, strerror(errno));
		return -1;
	}
	return matches;
}

int main(int argc, char *argv[])
{
	int found = 0, error = 0;

	if (argc < 2) {
		fprintf(2, "usage: grep PATTERN [FILE...]\n");
		exit(2);
	}
	if (re_compile(&re, argv[1]) < 0) {
		fprintf(2, "grep: pattern too long\n");
		exit(2);
	}
	if (argc == 2) {
		int r = grep_fd(0, "stdin", 0);

		return r < 0 ? 2 : r == 0;
	}
	for (int i = 2; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY), r;

		if (fd < 0) {
			fprintf(2, "grep: %s: %s\n", argv[i], strerror(errno));
			error = 1;
			continue;
		}
		r = grep_fd(fd, argv[i], argc > 3);
		close(fd);
		if (r < 0)
			error = 1;
		else if (r > 0)
			found = 1;
	}
	return error ? 2 : !found;
}
