/*
 * edit: files in and out.  A file is its lines joined by newlines, so a
 * file that ends in a newline loads with an empty last line, and saving
 * writes every line with its newline except that empty last one: such a
 * file comes back byte for byte, and one without a final newline gains it.
 */
#include "edit.h"

#define IO_CHUNK 4096

static char chunk[IO_CHUNK]; /* static: the stack is one page */

int file_load(struct text *t, const char *path)
{
	int fd, n;

	if (text_init(t) < 0)
		return -1;
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0) {
		int start = 0;

		for (int i = 0; i <= n; i++) {
			struct line *last = &t->v[t->n - 1];

			if (i < n && chunk[i] != '\n')
				continue;
			if (line_insert(last, last->len, chunk + start, i - start) < 0)
				goto fail;
			if (i < n && text_insert_line(t, t->n, "", 0) < 0)
				goto fail;
			start = i + 1;
		}
	}
	if (n < 0)
		goto fail;
	close(fd);
	return 0;
fail:
	n = errno;
	close(fd);
	errno = n;
	return -1;
}

/* Writes out what is gathered in chunk[0..*used). */
static int flush(int fd, int *used)
{
	int n = write(fd, chunk, *used);

	if (n != *used) {
		if (n >= 0)
			errno = ENOSPC; /* a short write: the disk is full */
		return -1;
	}
	*used = 0;
	return 0;
}

/* Gathers bytes in chunk[], writing it out whenever it fills. */
static int put(int fd, int *used, const char *s, int len)
{
	while (len > 0) {
		int part = len < IO_CHUNK - *used ? len : IO_CHUNK - *used;

		memmove(chunk + *used, s, part);
		*used += part;
		s += part;
		len -= part;
		if (*used == IO_CHUNK && flush(fd, used) < 0)
			return -1;
	}
	return 0;
}

int file_save(const struct text *t, const char *path, int *nlines)
{
	int fd, used = 0, err;

	fd = open(path, O_WRONLY | O_CREATE | O_TRUNC);
	if (fd < 0)
		return -1;
	*nlines = 0;
	for (int i = 0; i < t->n; i++) {
		const struct line *l = &t->v[i];

		if (i == t->n - 1 && l->len == 0)
			break;
		if (put(fd, &used, l->s, l->len) < 0 || put(fd, &used, "\n", 1) < 0)
			goto fail;
		(*nlines)++;
	}
	if (used > 0 && flush(fd, &used) < 0)
		goto fail;
	if (close(fd) < 0)
		return -1;
	return 0;
fail:
	err = errno;
	close(fd);
	errno = err;
	return -1;
}
