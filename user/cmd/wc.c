/* wc [FILE...]: count lines, words and bytes of each file (or standard input). */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/kite.h"

struct counts {
	uint64 lines, words, bytes;
};

static char buf[4096];

static int count(int fd, struct counts *c)
{
	int n, inword = 0;

	c->lines = c->words = c->bytes = 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		c->bytes += n;
		for (int i = 0; i < n; i++) {
			char ch = buf[i];
			int space = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';

			if (ch == '\n')
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
	printf("%lu %lu %lu%s%s\n", c->lines, c->words, c->bytes, name ? " " : "", name ? name : "");
}

int main(int argc, char *argv[])
{
	struct counts c, total = { 0, 0, 0 };
	int status = 0;

	if (argc < 2) {
		if (count(0, &c) < 0) {
			fprintf(2, "wc: read error: %s\n", strerror(errno));
			exit(1);
		}
		show(&c, 0);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);

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
	if (argc > 2)
		show(&total, "total");
	return status;
}
