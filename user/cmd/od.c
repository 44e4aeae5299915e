/*
 * od [-b | -c | -o | -x] [FILE...]: dump the bytes of the files (or of
 * standard input, as one stream) 16 to a line, each line after its offset
 * in octal.  -o (the default): two-byte words in octal; -x: two-byte
 * words in hex (words are little-endian, the machine's order); -b: bytes
 * in octal; -c: bytes as characters, with C's escapes (\n \t \0 ...) and
 * octal for the rest.  Every line is shown (as with POSIX's -v).
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define PER_LINE 16
#define OFFSET_DIGITS 7
#define OCT_BYTE_DIGITS 3
#define OCT_WORD_DIGITS 6
#define HEX_WORD_DIGITS 4
#define CHAR_FIELD 4
#define OCTAL 8
#define PRINTABLE_FIRST ' '
#define PRINTABLE_LAST '~'

static uchar chunk[PER_LINE];
static int nchunk;
static uint64 offset;
static char format = 'o';
static char buf[4096];

/* Appends v in base 8, zero-padded to `digits`, at out; returns the new end. */
static char *octal(char *out, uint64 v, int digits)
{
	for (int i = digits - 1; i >= 0; i--, v /= OCTAL)
		out[i] = '0' + v % OCTAL;
	return out + digits;
}

static char *char_field(char *p, uchar c)
{
	static const char from[] = "\0\a\b\f\n\r\t\v", to[] = "0abfnrtv";

	for (uint i = 0; i < sizeof(from) - 1; i++) {
		if (c == from[i])
			return p + snprintf(p, CHAR_FIELD + 1, "  \\%c", to[i]);
	}
	if (c >= PRINTABLE_FIRST && c <= PRINTABLE_LAST)
		return p + snprintf(p, CHAR_FIELD + 1, "   %c", c);
	*p++ = ' ';
	return octal(p, c, OCT_BYTE_DIGITS);
}

/* Prints the bytes in chunk[0..nchunk) as one line. */
static void dump_line(void)
{
	char line[OFFSET_DIGITS + PER_LINE * (CHAR_FIELD + 1) + 2], *p = line;

	p = octal(p, offset, OFFSET_DIGITS);
	for (int i = 0; i < nchunk; i++) {
		int word = chunk[i] | (i + 1 < nchunk ? chunk[i + 1] << 8 : 0);

		if (format == 'c') {
			p = char_field(p, chunk[i]);
		} else if (format == 'b') {
			*p++ = ' ';
			p = octal(p, chunk[i], OCT_BYTE_DIGITS);
		} else if (i % 2 == 0 && format == 'o') {
			*p++ = ' ';
			p = octal(p, word, OCT_WORD_DIGITS);
		} else if (i % 2 == 0) {
			p += snprintf(p, HEX_WORD_DIGITS + 2, " %04x", word);
		}
	}
	*p++ = '\n';
	out_write(line, p - line);
	offset += nchunk;
	nchunk = 0;
}

static int dump_fd(int fd, const char *name)
{
	int n;

	while ((n = read(fd, buf, sizeof(buf))) > 0 && !out_failed()) {
		for (int i = 0; i < n; i++) {
			chunk[nchunk++] = buf[i];
			if (nchunk == PER_LINE)
				dump_line();
		}
	}
	if (n < 0) {
		fprintf(2, "od: %s: %s\n", name, strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	char end[OFFSET_DIGITS + 1];
	struct opt o;
	int status = 0, opt;

	opt_init(&o, argc, argv, "bcox", "od [-b | -c | -o | -x] [FILE...]");
	while ((opt = opt_next(&o)) != -1)
		format = opt;
	if (o.ind == argc)
		status = dump_fd(0, "stdin");
	for (int i = o.ind; i < argc; i++) {
		int fd = open_read(argv[i]);

		if (fd < 0) {
			fprintf(2, "od: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		status |= dump_fd(fd, argv[i]);
		close(fd);
	}
	if (nchunk > 0)
		dump_line();
	*octal(end, offset, OFFSET_DIGITS) = '\n';
	out_write(end, sizeof(end));
	return status | out_check("od");
}
