/*
 * more [FILE...]: show the files (or standard input) a screenful at a
 * time.  After each page it waits at a "--More--" prompt for a key typed
 * at the console: space shows the next page, Enter one more line, q (or
 * Ctrl-C) quits.  The keys are read from the console in raw mode (as the
 * shell's line editor does), so that they count without Enter even when
 * the text comes from a pipe; cooked mode is restored before exiting.
 * When standard output is not the console, the text is copied unpaged.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/sysinfo.h"
#include "user/user.h"
#include "user/kite.h"

#define SCREEN_LINES 24
#define PAGE (SCREEN_LINES - 1) /* the prompt takes the last line */
#define CONSOLE "/console"
#define PROMPT "--More--"
#define ERASE_PROMPT "\r\x1b[K"
#define KEY_CTRL_C 0x03

static struct lreader rd;
static char line[LR_BUFSIZE];
static int keys = -1; /* the console, for keys; -1 when not paging */
static int left;      /* lines still to show before the next prompt */

/* Waits for a key; returns how many more lines to show, 0 to quit. */
static int ask(void)
{
	char c;

	out_write(PROMPT, strlen(PROMPT));
	for (;;) {
		if (read(keys, &c, 1) != 1)
			c = 'q';
		if (c == ' ' || c == '\r' || c == '\n' || c == 'q' || c == KEY_CTRL_C)
			break;
	}
	out_write(ERASE_PROMPT, strlen(ERASE_PROMPT));
	if (c == ' ')
		return PAGE;
	return c == '\r' || c == '\n';
}

/* Shows fd; returns 0, 1 on a read error, or -1 if the reader quit. */
static int page(int fd, const char *name)
{
	int n;

	lr_init(&rd, fd);
	while ((n = lr_getline(&rd, line, sizeof(line))) > 0) {
		if (keys >= 0 && left == 0 && (left = ask()) == 0)
			return -1;
		if (out_write(line, n) < 0)
			return -1;
		if (line[n - 1] == '\n' && left > 0)
			left--;
	}
	if (n < 0) {
		fprintf(2, "more: %s: %s\n", name, strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	struct stat st;
	struct opt o;
	int status = 0, r = 0;

	opt_init(&o, argc, argv, "", "more [FILE...]");
	while (opt_next(&o) != -1)
		;
	if (fstat(1, &st) == 0 && st.type == T_DEVICE && (keys = open(CONSOLE, O_RDONLY)) >= 0) {
		if (consmode(CONS_RAW) < 0) {
			close(keys);
			keys = -1;
		}
	}
	left = PAGE;
	if (o.ind == argc)
		status = (r = page(0, "stdin")) > 0;
	for (int i = o.ind; i < argc && r >= 0; i++) {
		int fd = open_read(argv[i]);

		if (fd < 0) {
			fprintf(2, "more: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		r = page(fd, argv[i]);
		status |= r > 0;
		close(fd);
	}
	if (keys >= 0)
		consmode(CONS_COOKED);
	return status | out_check("more");
}
