/* lines.c: reading a descriptor line by line through a buffer. */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

ULIB_WEAK void lr_init(struct lreader *r, int fd)
{
	r->fd = fd;
	r->pos = 0;
	r->len = 0;
}

ULIB_WEAK int lr_getline(struct lreader *r, char *line, int max)
{
	int n = 0;

	while (n + 1 < max) {
		char c;

		if (r->pos == r->len) {
			int got = read(r->fd, r->buf, sizeof(r->buf));

			if (got < 0)
				return -1;
			if (got == 0)
				break;
			r->pos = 0;
			r->len = got;
		}
		c = r->buf[r->pos++];
		line[n++] = c;
		if (c == '\n')
			break;
	}
	line[n] = '\0';
	return n;
}
