/*
 * tr SET1 SET2, tr -d SET1: copy standard input to standard output,
 * replacing each byte of SET1 by the byte at the same place in SET2 (the
 * last byte of SET2 repeats when it is shorter), or with -d deleting
 * them.  A set is bytes and ranges ("a-z"), with the escapes \n \t \\.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define NBYTES 256

static char buf[4096];
static uchar set1[NBYTES], set2[NBYTES];
static uchar map[NBYTES];
static char drop[NBYTES];

static uchar unescape(const char **sp)
{
	const char *s = *sp;
	uchar c = *s++;

	if (c == '\\' && *s != '\0') {
		c = *s++;
		if (c == 'n')
			c = '\n';
		else if (c == 't')
			c = '\t';
	}
	*sp = s;
	return c;
}

/* Expands the ranges of spec into out; returns the length, -1 if too long. */
static int expand(const char *spec, uchar *out)
{
	int n = 0;

	while (*spec) {
		int lo = unescape(&spec), hi = lo;

		if (spec[0] == '-' && spec[1] != '\0') {
			spec++;
			hi = unescape(&spec);
		}
		for (int c = lo; c <= hi; c++) {
			if (n == NBYTES)
				return -1;
			out[n++] = c;
		}
	}
	return n;
}

int main(int argc, char *argv[])
{
	struct opt o;
	int del = 0, n1, n2 = 0, n;

	opt_init(&o, argc, argv, "d", "tr SET1 SET2 | tr -d SET1");
	while (opt_next(&o) != -1)
		del = 1;
	if (argc - o.ind != (del ? 1 : 2))
		opt_usage(&o);
	n1 = expand(argv[o.ind], set1);
	if (!del)
		n2 = expand(argv[o.ind + 1], set2);
	if (n1 < 0 || n2 < 0 || (!del && n2 == 0)) {
		fprintf(2, "tr: a set is empty or longer than %d bytes\n", NBYTES);
		opt_usage(&o);
	}
	for (int c = 0; c < NBYTES; c++)
		map[c] = c;
	for (int i = 0; i < n1; i++) {
		if (del)
			drop[set1[i]] = 1;
		else
			map[set1[i]] = set2[i < n2 ? i : n2 - 1];
	}
	while ((n = read(0, buf, sizeof(buf))) > 0) {
		int k = 0;

		for (int i = 0; i < n; i++) {
			uchar c = buf[i];

			if (!drop[c])
				buf[k++] = map[c];
		}
		if (out_write(buf, k) < 0)
			break;
	}
	if (n < 0) {
		fprintf(2, "tr: stdin: %s\n", strerror(errno));
		return 1;
	}
	return out_check("tr");
}
