/*
 * uniq [-cd] [INPUT]: print each line once per run of equal adjacent
 * lines.  -c: with the length of its run in front; -d: only lines that
 * were repeated.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define LINEMAX LR_BUFSIZE

static struct lreader rd;
static char line[LINEMAX], prev[LINEMAX];
static int counts, repeated_only;

static void show(const char *s, int run)
{
	if (repeated_only && run < 2)
		return;
	if (counts)
		printf("%7d %s", run, s);
	else
		printf("%s", s);
}

int main(int argc, char *argv[])
{
	struct opt o;
	const char *name = "stdin";
	int fd = 0, n, run = 0, opt;

	opt_init(&o, argc, argv, "cd", "uniq [-cd] [INPUT]");
	while ((opt = opt_next(&o)) != -1) {
		if (opt == 'c')
			counts = 1;
		else
			repeated_only = 1;
	}
	if (argc - o.ind > 1)
		opt_usage(&o);
	if (o.ind < argc && strcmp(argv[o.ind], "-") != 0) {
		name = argv[o.ind];
		if ((fd = open_read(name)) < 0) {
			fprintf(2, "uniq: %s: %s\n", name, strerror(errno));
			exit(1);
		}
	}
	lr_init(&rd, fd);
	while ((n = lr_getline(&rd, line, sizeof(line))) > 0 && !out_failed()) {
		if (line[n - 1] != '\n' && n + 1 < LINEMAX) {
			line[n++] = '\n'; /* the last line, without its newline */
			line[n] = '\0';
		}
		if (run > 0 && strcmp(line, prev) == 0) {
			run++;
			continue;
		}
		if (run > 0)
			show(prev, run);
		strcpy(prev, line);
		run = 1;
	}
	if (n < 0) {
		fprintf(2, "uniq: %s: %s\n", name, strerror(errno));
		exit(1);
	}
	if (run > 0)
		show(prev, run);
	return out_check("uniq");
}
