/*
 * cut -f LIST [-d DELIM] [FILE...], cut -c LIST [FILE...]: print the
 * selected fields (separated by DELIM, a tab by default) or characters
 * (bytes) of each line.  LIST is comma-separated: N, N-M, N- or -M,
 * counting from 1.  A line without DELIM is printed whole, as POSIX says.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define MAXRANGES 32
#define NO_END OPT_UINT_MAX /* "N-": to the end of the line */
#define LINEMAX LR_BUFSIZE

struct range {
	int lo, hi;
};

static struct range ranges[MAXRANGES];
static int nranges;
static struct lreader rd;
static char line[LINEMAX];

static int selected(int i)
{
	for (int r = 0; r < nranges; r++) {
		if (i >= ranges[r].lo && i <= ranges[r].hi)
			return 1;
	}
	return 0;
}

/* One element of LIST, "N", "N-M", "N-" or "-M", into r; -1 if bad. */
static int parse_range(const char *s, int len, struct range *r)
{
	int i = 0, lo = 0, hi = 0, dash = 0;

	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		lo = lo * 10 + (s[i] - '0');
	if (i < len && s[i] == '-') {
		int start = ++i;

		dash = 1;
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			hi = hi * 10 + (s[i] - '0');
		if (i == start)
			hi = NO_END;
	} else {
		hi = lo;
	}
	if (i != len || len == 0 || (dash && len == 1))
		return -1;
	r->lo = lo == 0 && dash ? 1 : lo;
	r->hi = hi;
	return r->lo >= 1 && r->lo <= r->hi ? 0 : -1;
}

static int parse_list(const char *list)
{
	while (*list) {
		const char *comma = strchr(list, ',');
		int len = comma ? comma - list : (int)strlen(list);

		if (nranges == MAXRANGES || parse_range(list, len, &ranges[nranges++]) < 0)
			return -1;
		list += len + (comma != 0);
	}
	return nranges > 0 ? 0 : -1;
}

static void cut_chars(const char *s, int n)
{
	for (int i = 0; i < n; i++) {
		if (selected(i + 1))
			out_write(s + i, 1);
	}
	out_write("\n", 1);
}

static int has_byte(const char *s, int n, char c)
{
	for (int i = 0; i < n; i++) {
		if (s[i] == c)
			return 1;
	}
	return 0;
}

static void cut_fields(const char *s, int n, char delim)
{
	int field = 1, start = 0, printed = 0;

	if (!has_byte(s, n, delim)) {
		out_write(s, n);
		out_write("\n", 1);
		return;
	}
	for (int i = 0; i <= n; i++) {
		if (i < n && s[i] != delim)
			continue;
		if (selected(field)) {
			if (printed++)
				out_write(&delim, 1);
			out_write(s + start, i - start);
		}
		field++;
		start = i + 1;
	}
	out_write("\n", 1);
}

static int cut_fd(int fd, const char *name, int by_chars, char delim)
{
	int n;

	lr_init(&rd, fd);
	while ((n = lr_getline(&rd, line, sizeof(line))) > 0 && !out_failed()) {
		if (line[n - 1] == '\n')
			n--;
		if (by_chars)
			cut_chars(line, n);
		else
			cut_fields(line, n, delim);
	}
	if (n < 0) {
		fprintf(2, "cut: %s: %s\n", name, strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	struct opt o;
	const char *list = 0;
	char delim = '\t';
	int by_chars = 0, by_fields = 0, status = 0, opt;

	opt_init(&o, argc, argv,
	         "c:d:f:", "cut -f LIST [-d DELIM] [FILE...] | cut -c LIST [FILE...]");
	while ((opt = opt_next(&o)) != -1) {
		if (opt == 'd') {
			if (strlen(o.arg) != 1) {
				fprintf(2, "cut: the delimiter must be one character\n");
				opt_usage(&o);
			}
			delim = o.arg[0];
		} else {
			by_chars |= opt == 'c';
			by_fields |= opt == 'f';
			list = o.arg;
		}
	}
	if (by_chars == by_fields)
		opt_usage(&o); /* exactly one of -c and -f */
	if (parse_list(list) < 0) {
		fprintf(2, "cut: %s: not a list of positions\n", list);
		opt_usage(&o);
	}
	if (o.ind == argc)
		status = cut_fd(0, "stdin", by_chars, delim);
	for (int i = o.ind; i < argc && !out_failed(); i++) {
		int fd = open_read(argv[i]);

		if (fd < 0) {
			fprintf(2, "cut: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		status |= cut_fd(fd, argv[i], by_chars, delim);
		close(fd);
	}
	return status | out_check("cut");
}
