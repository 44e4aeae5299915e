/*
 * sh: the Kite shell.
 *
 *   sh              read commands from standard input (with a prompt and
 *                   line editing when that is the console)
 *   sh FILE         run the commands in FILE
 *   sh -c COMMAND   run one command line
 *
 * The grammar and the quoting rules are described in parse.c.  Builtins:
 * cd [DIR], exit [N].
 *
 * This file is the loop: read a line (edit.c edits it on the console), run
 * it (parse.c, run.c); it also keeps the background jobs until they are
 * reported.
 */
#include "sh.h"

#define NBG 32       /* background jobs remembered until they are reported */

int interactive; /* stdin is the console: prompt and line editing */

/* Background jobs started by this shell, until reported. */
static int bgpid[NBG];
static int bgdone[NBG];
static int nbg;

/* A forked child is not the parent of the parent's jobs. */
void forget_jobs(void)
{
	nbg = 0;
}

/* Remembers a background job until it is reported. */
void job_started(int pid)
{
	if (nbg < NBG) {
		bgpid[nbg] = pid;
		bgdone[nbg++] = 0;
	}
}

/* Notes that pid has exited if it is one of our background jobs. */
void job_exited(int pid)
{
	for (int i = 0; i < nbg; i++) {
		if (bgpid[i] == pid)
			bgdone[i] = 1;
	}
}

/*
 * There is no non-blocking wait, so look at the process table first: each
 * child of ours that is already a zombie can be waited for without
 * blocking.  Then report the finished jobs.
 */
static void reap_jobs(void)
{
	static struct procinfo pi[NPROC];
	int n, me, zombies = 0, j = 0;

	if (nbg == 0)
		return;
	n = procinfo(pi, NPROC);
	me = getpid();
	for (int i = 0; i < n; i++) {
		if (pi[i].ppid == me && pi[i].state == PS_ZOMBIE)
			zombies++;
	}
	while (zombies-- > 0) {
		int pid = wait(0);

		if (pid < 0)
			break;
		job_exited(pid);
	}
	for (int i = 0; i < nbg; i++) {
		if (bgdone[i]) {
			fprintf(2, "[%d] done\n", bgpid[i]);
		} else {
			bgpid[j] = bgpid[i];
			bgdone[j++] = 0;
		}
	}
	nbg = j;
}

/* ------------------------------------------------------------- input */

static int input_fd; /* 0, or the script file */

/* Reads a line without editing; -1 at end of input. */
static int plain_line(char *line)
{
	int len = 0, toolong = 0;
	char c;

	for (;;) {
		if (read(input_fd, &c, 1) < 1) {
			if (len == 0 && !toolong)
				return -1;
			break;
		}
		if (c == '\n')
			break;
		if (len < LINEMAX - 1)
			line[len++] = c;
		else
			toolong = 1;
	}
	if (toolong) {
		fprintf(2, "sh: line too long\n");
		len = 0;
	}
	line[len] = '\0';
	return len;
}

/* Reads the next command line; -1 at end of input. */
static int read_line(char *line)
{
	int n;

	if (!interactive)
		return plain_line(line);
	if (consmode(CONS_RAW) < 0) {
		/* No raw mode: let the console's own line discipline edit. */
		put(PROMPT, strlen(PROMPT));
		return plain_line(line);
	}
	n = edit_line(line);
	consmode(CONS_COOKED);
	if (n >= 0)
		line[n] = '\0';
	if (n > 0)
		hist_add(line);
	return n;
}

int main(int argc, char *argv[])
{
	static char line[LINEMAX];
	struct stat st;

	/* Ctrl-C is for the foreground command, not the shell. */
	ignintr(1);
	if (argc > 1 && strcmp(argv[1], "-c") == 0) {
		if (argc != 3) {
			fprintf(2, "usage: sh [-c COMMAND | FILE]\n");
			exit(1);
		}
		run_line(argv[2]);
		exit(last_status);
	}
	if (argc > 2) {
		fprintf(2, "usage: sh [-c COMMAND | FILE]\n");
		exit(1);
	}
	if (argc == 2) {
		input_fd = open(argv[1], O_RDONLY);
		if (input_fd < 0) {
			fprintf(2, "sh: %s: %s\n", argv[1], strerror(errno));
			exit(1);
		}
	} else if (fstat(0, &st) == 0 && st.type == T_DEVICE) {
		interactive = 1;
	}

	for (;;) {
		reap_jobs();
		if (read_line(line) < 0)
			break;
		run_line(line);
	}
	exit(last_status);
}
