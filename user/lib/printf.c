/*
 * printf.c: formatted output.  Conversions: %d %i %u %x %p %s %c %%, with
 * the length modifier l (or ll) for 64-bit values, a field width, and the
 * flags '-' (left-justify) and '0' (pad with zeros).
 *
 * Output is gathered in a buffer and written with a single write() per
 * call when it fits, so lines from concurrent processes do not interleave
 * character by character.  Writes to fd 1 go through out_write (out.c), so
 * that a utility can tell that its output was lost.
 */
#include <stdarg.h>
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define OUTBUF 256

/* Where formatted characters go: a file descriptor or a caller's string. */
struct sink {
	int fd;    /* >= 0: flush to this descriptor; < 0: string mode */
	char *str; /* string mode: destination */
	int cap;   /* string mode: capacity, NUL included */
	int total; /* characters produced so far */
	int n;     /* bytes waiting in buf (fd mode) */
	char buf[OUTBUF];
};

static void flush(struct sink *k)
{
	if (k->fd == 1 && k->n > 0)
		out_write(k->buf, k->n); /* remembers a failure for out_check */
	else if (k->fd >= 0 && k->n > 0)
		write(k->fd, k->buf, k->n);
	k->n = 0;
}

static void put(struct sink *k, char c)
{
	if (k->fd < 0) {
		if (k->total + 1 < k->cap)
			k->str[k->total] = c;
	} else {
		if (k->n == OUTBUF)
			flush(k);
		k->buf[k->n++] = c;
	}
	k->total++;
}

static void pad(struct sink *k, char c, int count)
{
	while (count-- > 0)
		put(k, c);
}

/* Emits s (len bytes) in a field of the given width. */
static void field(struct sink *k, const char *s, int len, int width, int left, char padc)
{
	if (!left) {
		/* Zero padding goes after a minus sign, not before it. */
		if (padc == '0' && len > 0 && s[0] == '-') {
			put(k, '-');
			s++;
			len--;
			width--;
		}
		pad(k, padc, width - len);
	}
	for (int i = 0; i < len; i++)
		put(k, s[i]);
	if (left)
		pad(k, ' ', width - len);
}

/* Writes v in the given base into the end of tmp; returns the start. */
static char *number(char *end, uint64 v, int base, int neg)
{
	static const char digits[] = "0123456789abcdef";
	char *p = end;

	do {
		*--p = digits[v % base];
		v /= base;
	} while (v != 0);
	if (neg)
		*--p = '-';
	return p;
}

static void format(struct sink *k, const char *fmt, va_list ap)
{
	char tmp[24]; /* 64-bit value in decimal with sign, or "0x" + 16 hex digits */
	char *end = tmp + sizeof(tmp);

	for (; *fmt; fmt++) {
		int left = 0, width = 0, longs = 0;
		char padc = ' ';
		const char *s;
		char *p;
		uint64 u;
		int64 d;

		if (*fmt != '%') {
			put(k, *fmt);
			continue;
		}
		const char *spec = fmt++; /* the '%', to echo an unknown conversion */
		for (; *fmt == '-' || *fmt == '0'; fmt++) {
			if (*fmt == '-')
				left = 1;
			else
				padc = '0';
		}
		if (left)
			padc = ' ';
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		for (; *fmt == 'l'; fmt++)
			longs++;

		switch (*fmt) {
		case 'd':
		case 'i':
			d = longs ? va_arg(ap, int64) : va_arg(ap, int);
			u = d < 0 ? -(uint64)d : (uint64)d;
			p = number(end, u, 10, d < 0);
			field(k, p, end - p, width, left, padc);
			break;
		case 'u':
		case 'x':
			u = longs ? va_arg(ap, uint64) : va_arg(ap, uint);
			p = number(end, u, *fmt == 'u' ? 10 : 16, 0);
			field(k, p, end - p, width, left, padc);
			break;
		case 'p':
			u = (uint64)va_arg(ap, void *);
			p = end;
			for (int i = 0; i < 16; i++, u >>= 4)
				*--p = "0123456789abcdef"[u & 0xf];
			*--p = 'x';
			*--p = '0';
			field(k, p, end - p, width, left, ' ');
			break;
		case 's':
			s = va_arg(ap, const char *);
			if (s == 0)
				s = "(null)";
			field(k, s, strlen(s), width, left, ' ');
			break;
		case 'c':
			tmp[0] = (char)va_arg(ap, int);
			field(k, tmp, 1, width, left, ' ');
			break;
		case '%':
			put(k, '%');
			break;
		case '\0':
			/* A lone '%' at the end: print it and stop. */
			put(k, '%');
			return;
		default:
			/* Unknown conversion ("%l\n" in old xv6 programs): show it
			 * as written, flags and length included. */
			for (; spec <= fmt; spec++)
				put(k, *spec);
			break;
		}
	}
}

static void vfprint(int fd, const char *fmt, va_list ap)
{
	struct sink k;

	k.fd = fd;
	k.n = 0;
	k.total = 0;
	format(&k, fmt, ap);
	flush(&k);
}

void fprintf(int fd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprint(fd, fmt, ap);
	va_end(ap);
}

void printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprint(1, fmt, ap);
	va_end(ap);
}

/*
 * Formats into buf (at most size bytes, always NUL-terminated when
 * size > 0); returns the length the whole result would have had.
 */
ULIB_WEAK int snprintf(char *buf, int size, const char *fmt, ...)
{
	struct sink k;
	va_list ap;

	k.fd = -1;
	k.str = buf;
	k.cap = size;
	k.total = 0;
	k.n = 0;
	va_start(ap, fmt);
	format(&k, fmt, ap);
	va_end(ap);
	if (size > 0)
		buf[k.total < size ? k.total : size - 1] = '\0';
	return k.total;
}
