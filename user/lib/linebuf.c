/*
 * linebuf.c: whole inputs held in memory as an array of lines, for the
 * tools that must see every line before printing (sort, diff).  The text
 * of all inputs is one growing buffer in which each newline becomes a NUL;
 * the line pointers are rebuilt after each input, because growing the
 * buffer moves it.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define LB_CHUNK 4096

/* Makes room for `more` bytes at the end of lb->text (and one NUL). */
static int grow_text(struct linebuf *lb, int more)
{
	char *bigger;
	int cap = lb->cap ? lb->cap : LB_CHUNK;

	if (lb->len + more + 1 <= lb->cap)
		return 0;
	while (lb->len + more + 1 > cap)
		cap *= 2;
	if ((bigger = malloc(cap)) == 0) {
		errno = ENOMEM;
		return -1;
	}
	memmove(bigger, lb->text, lb->len);
	free(lb->text);
	lb->text = bigger;
	lb->cap = cap;
	return 0;
}

/* Points lb->line[] at every line of lb->text. */
static int index_lines(struct linebuf *lb)
{
	int n = 0;

	for (int i = 0; i < lb->len; i++) {
		if (lb->text[i] == '\0')
			n++;
	}
	free(lb->line);
	if ((lb->line = malloc((n + 1) * sizeof(char *))) == 0) {
		errno = ENOMEM;
		return -1;
	}
	lb->n = 0;
	for (int i = 0; i < lb->len; i++) {
		if (i == 0 || lb->text[i - 1] == '\0')
			lb->line[lb->n++] = lb->text + i;
	}
	return 0;
}

ULIB_WEAK int lb_read(struct linebuf *lb, int fd)
{
	int n, start = lb->len;

	for (;;) {
		if (grow_text(lb, LB_CHUNK) < 0)
			return -1;
		if ((n = read(fd, lb->text + lb->len, LB_CHUNK)) < 0)
			return -1;
		if (n == 0)
			break;
		lb->len += n;
	}
	/* A last line without a newline is a line all the same. */
	if (lb->len > start && lb->text[lb->len - 1] != '\n')
		lb->text[lb->len++] = '\n';
	for (int i = start; i < lb->len; i++) {
		if (lb->text[i] == '\n')
			lb->text[i] = '\0';
	}
	return index_lines(lb);
}

ULIB_WEAK void lb_free(struct linebuf *lb)
{
	free(lb->text);
	free(lb->line);
	memset(lb, 0, sizeof(*lb));
}
