/*
 * diff [-u] FILE1 FILE2: the lines to change to turn FILE1 into FILE2
 * ("-" is standard input).  Plain output is POSIX's: "NaM,M", "N,NdM",
 * "N,NcM,M" commands, "< " lines of FILE1 and "> " lines of FILE2; -u
 * gives unified hunks with CONTEXT lines around each.  The edit is a
 * longest common subsequence of the lines, found with a table over what
 * is left after the common start and end are cut off.
 * Exit status: 0 if the files are the same, 1 if they differ, 2 on trouble.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define DIFFERENT 1
#define TROUBLE 2
#define CONTEXT 3
#define MAX_CELLS (8 << 20) /* table entries (2 bytes each) we are willing to allocate */
#define MAX_LINES 0xffff    /* an LCS length must fit in a table entry */

/* A run of changed lines: a's [a0, a1) become b's [b0, b1). */
struct hunk {
	int a0, a1, b0, b1;
};

static struct linebuf fa, fb;
static struct hunk *hunks;
static int nhunks;

static int same(int i, int j)
{
	return strcmp(fa.line[i], fb.line[j]) == 0;
}

/* Fills hunks[] for the lines between the common prefix `pre` and the
 * common suffix; -1 if the table would be too big. */
static int find_hunks(int pre, int n, int m)
{
	ushort *lcs; /* lcs[i * (m + 1) + j]: the LCS of a[pre+i..] and b[pre+j..] */
	int w = m + 1, i = 0, j = 0;

	if (n > MAX_LINES || m > MAX_LINES || (uint64)(n + 1) * w > MAX_CELLS)
		return -1;
	if ((lcs = malloc((n + 1) * w * sizeof(ushort))) == 0 ||
	    (hunks = malloc((n + m + 1) * sizeof(struct hunk))) == 0)
		return -1;
	for (i = n; i >= 0; i--) {
		for (j = m; j >= 0; j--) {
			ushort *c = &lcs[i * w + j];

			if (i == n || j == m)
				*c = 0;
			else if (same(pre + i, pre + j))
				*c = c[w + 1] + 1;
			else
				*c = c[w] > c[1] ? c[w] : c[1];
		}
	}
	i = j = 0;
	while (i < n || j < m) {
		struct hunk *h;

		if (i < n && j < m && same(pre + i, pre + j)) {
			i++;
			j++;
			continue;
		}
		h = &hunks[nhunks++];
		h->a0 = pre + i;
		h->b0 = pre + j;
		while ((i < n || j < m) && !(i < n && j < m && same(pre + i, pre + j))) {
			if (j == m || (i < n && lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]))
				i++;
			else
				j++;
		}
		h->a1 = pre + i;
		h->b1 = pre + j;
	}
	free(lcs);
	return 0;
}

static void print_range(int from, int to)
{
	if (to - from == 1)
		printf("%d", to);
	else
		printf("%d,%d", from + 1, to);
}

static void print_lines(const char *mark, struct linebuf *f, int from, int to)
{
	for (int k = from; k < to; k++)
		printf("%s%s\n", mark, f->line[k]);
}

static void plain(void)
{
	for (int k = 0; k < nhunks && !out_failed(); k++) {
		struct hunk *h = &hunks[k];

		if (h->b0 == h->b1) {
			print_range(h->a0, h->a1);
			printf("d%d\n", h->b0);
		} else if (h->a0 == h->a1) {
			printf("%da", h->a0);
			print_range(h->b0, h->b1);
			printf("\n");
		} else {
			print_range(h->a0, h->a1);
			printf("c");
			print_range(h->b0, h->b1);
			printf("\n");
		}
		print_lines("< ", &fa, h->a0, h->a1);
		if (h->a0 != h->a1 && h->b0 != h->b1)
			printf("---\n");
		print_lines("> ", &fb, h->b0, h->b1);
	}
}

/* A unified range: "START,COUNT", where an empty one names the line before. */
static void unified_range(char sign, int from, int to)
{
	printf(" %c%d,%d", sign, to > from ? from + 1 : from, to - from);
}

static void unified(const char *name1, const char *name2)
{
	printf("--- %s\n+++ %s\n", name1, name2);
	for (int k = 0; k < nhunks && !out_failed();) {
		int last = k, a0, a1, b0, b1, cur;

		/* Hunks closer than twice the context share one header. */
		while (last + 1 < nhunks && hunks[last + 1].a0 - hunks[last].a1 <= 2 * CONTEXT)
			last++;
		a0 = hunks[k].a0 > CONTEXT ? hunks[k].a0 - CONTEXT : 0;
		b0 = hunks[k].b0 - (hunks[k].a0 - a0);
		a1 = hunks[last].a1 + CONTEXT < fa.n ? hunks[last].a1 + CONTEXT : fa.n;
		b1 = hunks[last].b1 + (a1 - hunks[last].a1);
		printf("@@");
		unified_range('-', a0, a1);
		unified_range('+', b0, b1);
		printf(" @@\n");
		for (cur = a0; k <= last; k++) {
			print_lines(" ", &fa, cur, hunks[k].a0);
			print_lines("-", &fa, hunks[k].a0, hunks[k].a1);
			print_lines("+", &fb, hunks[k].b0, hunks[k].b1);
			cur = hunks[k].a1;
		}
		print_lines(" ", &fa, cur, a1);
	}
}

static void load(struct linebuf *f, const char *name)
{
	int fd = strcmp(name, "-") == 0 ? 0 : open_read(name);

	if (fd < 0 || lb_read(f, fd) < 0) {
		fprintf(2, "diff: %s: %s\n", name, strerror(errno));
		exit(TROUBLE);
	}
	if (fd != 0)
		close(fd);
}

int main(int argc, char *argv[])
{
	struct opt o;
	int uni = 0, pre = 0, post = 0;

	opt_init(&o, argc, argv, "u", "diff [-u] FILE1 FILE2");
	while (opt_next(&o) != -1)
		uni = 1;
	if (argc - o.ind != 2)
		opt_usage(&o);
	load(&fa, argv[o.ind]);
	load(&fb, argv[o.ind + 1]);
	while (pre < fa.n && pre < fb.n && same(pre, pre))
		pre++;
	while (post < fa.n - pre && post < fb.n - pre && same(fa.n - 1 - post, fb.n - 1 - post))
		post++;
	if (find_hunks(pre, fa.n - pre - post, fb.n - pre - post) < 0) {
		fprintf(2, "diff: %s\n", strerror(ENOMEM));
		exit(TROUBLE);
	}
	if (nhunks == 0)
		return 0;
	if (uni)
		unified(argv[o.ind], argv[o.ind + 1]);
	else
		plain();
	return out_check("diff") ? TROUBLE : DIFFERENT;
}
