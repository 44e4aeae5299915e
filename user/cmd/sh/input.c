/*
 * sh: where commands come from: the console (the line editor, in raw
 * mode), a script file, or plain standard input.  Lines are appended to
 * the caller's source buffer, newline included; a continuation line is
 * one a command still needs ("if" without its "fi", a here-document).
 */
#include "sh.h"

static int input_fd; /* 0, or the script */

int input_open_script(const char *path)
{
	input_fd = open(path, O_RDONLY);
	return input_fd;
}

/* Appends a line read without editing; INPUT_EOF at the end of input. */
static int plain_line(char *buf, int len, int max)
{
	int start = len, toolong = 0;
	char c;

	for (;;) {
		if (read(input_fd, &c, 1) < 1) {
			if (len == start && !toolong)
				return INPUT_EOF;
			break;
		}
		if (c == '\n')
			break;
		if (len - start < LINEMAX - 1 && len < max - 2)
			buf[len++] = c;
		else
			toolong = 1;
	}
	if (toolong) {
		fprintf(2, "sh: line too long (more than %d bytes): ignored\n", LINEMAX - 1);
		len = start;
	}
	buf[len++] = '\n';
	buf[len] = '\0';
	return len;
}

int input_line(char *buf, int len, int max, int continuation)
{
	static char line[LINEMAX];
	const char *prompt = continuation ? PROMPT2 : PROMPT;

	if (!interactive)
		return plain_line(buf, len, max);
	if (consmode(CONS_RAW) < 0) {
		/* No raw mode: let the console's own line discipline edit. */
		put(prompt, strlen(prompt));
		return plain_line(buf, len, max);
	}
	int n = edit_line(line, sizeof(line), prompt);
	consmode(CONS_COOKED);
	if (n < 0)
		return n;
	if (n > 0)
		hist_add(line);
	if (len + n + 2 > max) {
		fprintf(2, "sh: command too long (more than %d bytes): ignored\n", max - 2);
		buf[0] = '\n';
		buf[1] = '\0';
		return 1;
	}
	memmove(buf + len, line, n);
	len += n;
	buf[len++] = '\n';
	buf[len] = '\0';
	return len;
}
