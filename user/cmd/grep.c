/*
 * grep [-icnv] PATTERN [FILE...]: print the lines that match PATTERN, a
 * regular expression with . [...] * ^ $ (and \ to quote one of them); see
 * lib/match.c.  -i: ignore case; -v: the lines that do not match; -n: with
 * line numbers; -c: only the count of such lines.
 * Exit status: 0 if a line was selected, 1 if none was, 2 on an error.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/kite.h"

#define LINEMAX 1024
#define TROUBLE 2

static struct regex re;
static struct lreader rd;
static char line[LINEMAX];
static int invert, numbers, count_only;

/* Prints the selected lines of fd; returns how many there were, -1 on error. */
static int grep_fd(int fd, const char *name, int show_name)
{
	int n, selected = 0, lineno = 0;

	lr_init(&rd, fd);
	while ((n = lr_getline(&rd, line, sizeof(line))) > 0 && !out_failed()) {
		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		lineno++;
		if (re_match(&re, line) == invert)
			continue;
		selected++;
		if (count_only)
			continue;
		if (show_name)
			printf("%s:", name);
		if (numbers)
			printf("%d:", lineno);
		printf("%s\n", line);
	}
	if (n < 0) {
		fprintf(2, "grep: %s: %s\n", name, strerror(errno));
		return -1;
	}
	if (count_only) {
		if (show_name)
			printf("%s:", name);
		printf("%d\n", selected);
	}
	return selected;
}

int main(int argc, char *argv[])
{
	struct opt o;
	int found = 0, error = 0, flags = 0, opt, nfiles;

	opt_init(&o, argc, argv, "icnv", "grep [-icnv] PATTERN [FILE...]");
	while ((opt = opt_next(&o)) != -1) {
		if (opt == 'i')
			flags |= RE_ICASE;
		else if (opt == 'c')
			count_only = 1;
		else if (opt == 'n')
			numbers = 1;
		else
			invert = 1;
	}
	if (o.ind == argc)
		opt_usage(&o);
	if (re_compile(&re, argv[o.ind], flags) < 0) {
		fprintf(2, "grep: %s: unterminated [ or pattern too long\n", argv[o.ind]);
		exit(TROUBLE);
	}
	nfiles = argc - o.ind - 1;
	if (nfiles == 0) {
		int r = grep_fd(0, "stdin", 0);

		if (out_check("grep"))
			return TROUBLE;
		return r < 0 ? TROUBLE : r == 0;
	}
	for (int i = o.ind + 1; i < argc; i++) {
		int fd = open_read(argv[i]), r;

		if (fd < 0) {
			fprintf(2, "grep: %s: %s\n", argv[i], strerror(errno));
			error = 1;
			continue;
		}
		r = grep_fd(fd, argv[i], nfiles > 1);
		close(fd);
		if (r < 0)
			error = 1;
		else if (r > 0)
			found = 1;
	}
	if (out_check("grep"))
		error = 1;
	return error ? TROUBLE : !found;
}
