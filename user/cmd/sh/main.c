/*
 * sh: the Kite shell, a small subset of the POSIX shell language.
 *
 *   sh                   read commands from standard input (with a prompt,
 *                        line editing and job reports on the console)
 *   sh FILE [ARG...]     run the commands in FILE, with $1.. set to ARGs
 *   sh -c COMMAND [ARG...]
 *
 * What the language has is described in parse.c (grammar), expand.c
 * (words) and redir.c (redirections); builtin.c lists the builtins.
 */
#include "sh.h"

int interactive;

static char src[SRCMAX];

static void usage(void)
{
	fprintf(2, "usage: sh [-c COMMAND [ARG...] | FILE [ARG...]]\n");
	exit(STATUS_SYNTAX);
}

static void syntax_error(const char *msg)
{
	fprintf(2, "sh: syntax error: %s\n", msg);
	last_status = STATUS_SYNTAX;
}

/* Runs every complete command of text (sh -c): all of it must parse. */
static void run_string(const char *text)
{
	int off = 0, n = strlen(text);

	if (n > SRCMAX - 2) {
		fprintf(2, "sh: command too long\n");
		exit(STATUS_SYNTAX);
	}
	memmove(src, text, n);
	src[n++] = '\n';
	src[n] = '\0';
	while (off < n) {
		struct node *list;
		int used;

		arena_reset();
		int st = parse_command(src + off, &list, &used);
		if (st == PARSE_INCOMPLETE)
			syntax_error("unexpected end of file");
		if (st != PARSE_OK) {
			if (st == PARSE_ERROR)
				syntax_error(lex_errmsg());
			return;
		}
		run_list(list);
		off += used;
		if (used == 0)
			break;
	}
}

/* Reads and runs commands until the end of the input. */
static void run_input(void)
{
	for (;;) {
		struct node *list;
		int used, st, len;

		if (interactive)
			jobs_reap(1);
		sh_interrupted = 0;
		len = input_line(src, 0, SRCMAX, 0);
		if (len == INPUT_EOF)
			return;
		if (len == INPUT_CANCELLED)
			continue;
		for (;;) {
			arena_reset();
			st = parse_command(src, &list, &used);
			if (st != PARSE_INCOMPLETE)
				break;
			len = input_line(src, len, SRCMAX, 1);
			if (len < 0)
				break;
		}
		if (len == INPUT_CANCELLED)
			continue;
		if (len == INPUT_EOF) {
			syntax_error("unexpected end of file");
			return;
		}
		if (st == PARSE_ERROR) {
			syntax_error(lex_errmsg());
			if (!interactive)
				exit(STATUS_SYNTAX); /* a script stops at its first syntax error */
			continue;
		}
		run_list(list);
	}
}

int main(int argc, char *argv[])
{
	struct stat st;

	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		printf("usage: sh [-c COMMAND [ARG...] | FILE [ARG...]]\n");
		exit(0);
	}
	vars_import();
	if (!var_get("HOME"))
		var_set("HOME", "/");
	if (argc > 1 && strcmp(argv[1], "-c") == 0) {
		if (argc < 3)
			usage();
		params_set(argc - 3 > 0 ? argc - 3 : 0, argv + 3);
		run_string(argv[2]);
		exit(last_status);
	}
	if (argc > 1 && argv[1][0] == '-')
		usage();
	if (argc > 1) {
		params_set(argc - 1, argv + 1);
		if (input_open_script(argv[1]) < 0) {
			fprintf(2, "sh: %s: %s\n", argv[1], strerror(errno));
			exit(STATUS_NOTFOUND);
		}
	} else if (fstat(0, &st) == 0 && st.type == T_DEVICE) {
		interactive = 1;
		/* Ctrl-C and Ctrl-Z are for the foreground job, not the shell. */
		jobs_init();
	}
	run_input();
	exit(last_status);
}
