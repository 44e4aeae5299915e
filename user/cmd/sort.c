/*
 * sort [-nru] [FILE...]: print the lines of the files (or of standard
 * input) in order: by bytes, or with -n by the number each line starts
 * with (then by bytes).  -r: the reverse order; -u: each line once, where
 * identical lines are repeated.  A merge sort: stable, and n log n
 * whatever the input.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

static struct linebuf lb;
static int numeric, reverse, unique;

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The number at the start of s (after blanks, with an optional '-'). */
static int64 leading_number(const char *s)
{
	int64 v = 0;
	int neg;

	while (is_blank(*s))
		s++;
	neg = *s == '-';
	if (neg)
		s++;
	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	return neg ? -v : v;
}

static int compare(const char *a, const char *b)
{
	int r = 0;

	if (numeric) {
		int64 x = leading_number(a), y = leading_number(b);

		r = x < y ? -1 : x > y;
	}
	if (r == 0)
		r = strcmp(a, b);
	return reverse ? -r : r;
}

/* Sorts v[0..n) using tmp[0..n) as scratch. */
static void merge_sort(char **v, char **tmp, int n)
{
	int half = n / 2, i = 0, j = half, k = 0;

	if (n < 2)
		return;
	merge_sort(v, tmp, half);
	merge_sort(v + half, tmp, n - half);
	while (i < half && j < n)
		tmp[k++] = compare(v[j], v[i]) < 0 ? v[j++] : v[i++];
	while (i < half)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memmove(v, tmp, n * sizeof(char *));
}

static int read_input(int fd, const char *name)
{
	if (lb_read(&lb, fd) < 0) {
		fprintf(2, "sort: %s: %s\n", name, strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	struct opt o;
	char **tmp;
	int status = 0, opt;

	opt_init(&o, argc, argv, "nru", "sort [-nru] [FILE...]");
	while ((opt = opt_next(&o)) != -1) {
		if (opt == 'n')
			numeric = 1;
		else if (opt == 'r')
			reverse = 1;
		else
			unique = 1;
	}
	if (o.ind == argc)
		status |= read_input(0, "stdin");
	for (int i = o.ind; i < argc; i++) {
		int fd = strcmp(argv[i], "-") == 0 ? 0 : open_read(argv[i]);

		if (fd < 0) {
			fprintf(2, "sort: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		status |= read_input(fd, argv[i]);
		if (fd != 0)
			close(fd);
	}
	if (status)
		return status; /* an incomplete input is not sorted output */
	if ((tmp = malloc((lb.n + 1) * sizeof(char *))) == 0) {
		fprintf(2, "sort: %s\n", strerror(ENOMEM));
		return 1;
	}
	merge_sort(lb.line, tmp, lb.n);
	for (int i = 0; i < lb.n && !out_failed(); i++) {
		if (unique && i > 0 && compare(lb.line[i - 1], lb.line[i]) == 0)
			continue;
		printf("%s\n", lb.line[i]);
	}
	return out_check("sort");
}
