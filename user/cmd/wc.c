/*
 * wc [-lwc] [FILE...]: count lines, words and bytes of each file (or
 * standard input), and their total when there are several files.  The
 * options choose the counts shown (always in that order); none means all.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/kite.h"

struct counts {
	uint64 lines, words, bytes;
};

static char buf[4096];
static int show_lines, show_words, show_bytes;

static int is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

static int count(int fd, struct counts *c)
{
	int n, inword = 0;

	c->lines = c->words = c->bytes = 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		c->bytes += n;
		for (int i = 0; i < n; i++) {
			int space = is_blank(buf[i]);

			if (buf[i] == '\n')
				c->lines++;
			if (!space && !inword)
				c->words++;
			inword = !space;
		}
	}
	return n < 0 ? -1 : 0;
}

static void show(const struct counts *c, const char *name)
{
	char line[96];
	int len = 0;

	if (show_lines)
		len += snprintf(line + len, sizeof(line) - len, " %lu", c->lines);
	if (show_words)
		len += snprintf(line + len, sizeof(line) - len, " %lu", c->words);
	if (show_bytes)
		len += snprintf(line + len, sizeof(line) - len, " %lu", c->bytes);
	printf("%s%s%s\n", line + 1, name ? " " : "", name ? name : "");
}

int main(int argc, char *argv[])
{
	struct counts c, total = {0, 0, 0};
	struct opt o;
	int status = 0, opt;

	opt_init(&o, argc, argv, "lwc", "wc [-lwc] [FILE...]");
	while ((opt = opt_next(&o)) != -1) {
		if (opt == 'l')
			show_lines = 1;
		else if (opt == 'w')
			show_words = 1;
		else
			show_bytes = 1;
	}
	if (!show_lines && !show_words && !show_bytes)
		show_lines = show_words = show_bytes = 1;
	if (o.ind == argc) {
		if (count(0, &c) < 0) {
			fprintf(2, "wc: stdin: %s\n", strerror(errno));
			exit(1);
		}
		show(&c, 0);
		return out_check("wc");
	}
	for (int i = o.ind; i < argc; i++) {
		int fd = open_read(argv[i]);

		if (fd < 0) {
			fprintf(2, "wc: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		if (count(fd, &c) < 0) {
			fprintf(2, "wc: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		} else {
			show(&c, argv[i]);
			total.lines += c.lines;
			total.words += c.words;
			total.bytes += c.bytes;
		}
		close(fd);
	}
	if (argc - o.ind > 1)
		show(&total, "total");
	return status | out_check("wc");
}
