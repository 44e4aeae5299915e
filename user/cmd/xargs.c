/*
 * xargs CMD [ARGS...]: for each line of standard input, run
 * CMD ARGS... WORDS, where WORDS are the line's blank-separated words.
 * Exit status is 1 if any command failed.
 */
#include "kernel/types.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

#define LINEMAX 512

static struct lreader rd;
static char line[LINEMAX];

static void run(char **argv)
{
	exec_command(argv);
	fprintf(2, "xargs: %s: %s\n", argv[0], strerror(errno));
	exit(1);
}

int main(int argc, char *argv[])
{
	char *args[MAXARG + 1];
	struct opt o;
	int fixed, status = 0, n;

	opt_init(&o, argc, argv, "", "xargs CMD [ARGS...]");
	while (opt_next(&o) != -1)
		;
	fixed = argc - o.ind;
	if (fixed == 0)
		opt_usage(&o);
	if (fixed > MAXARG) {
		fprintf(2, "xargs: %s\n", strerror(E2BIG));
		exit(1);
	}
	for (int i = 0; i < fixed; i++)
		args[i] = argv[o.ind + i];

	lr_init(&rd, 0);
	while ((n = lr_getline(&rd, line, sizeof(line))) > 0) {
		int nargs = fixed, pid, st, w;
		char *p = line;

		/* Cut the line into words in place. */
		for (;;) {
			while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
				*p++ = '\0';
			if (*p == '\0')
				break;
			if (nargs == MAXARG) {
				fprintf(2, "xargs: %s\n", strerror(E2BIG));
				exit(1);
			}
			args[nargs++] = p;
			while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
				p++;
		}
		if (nargs == fixed)
			continue; /* blank line */
		args[nargs] = 0;
		pid = fork();
		if (pid < 0) {
			fprintf(2, "xargs: fork: %s\n", strerror(errno));
			exit(1);
		}
		if (pid == 0)
			run(args);
		while ((w = wait(&st)) != pid && w >= 0)
			;
		if (w < 0 || st != 0)
			status = 1;
	}
	return status;
}
