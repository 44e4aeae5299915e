/*
 * printf.c: formatted output for the kernel.
 *
 * Formatting is separated from output: fmt_core() turns a format string
 * into characters handed to a buffer, which either is the caller's
 * (snprintf) or batches bytes for the print sink (printf).  printf holds
 * the sink's lock for its whole call, which is what keeps lines whole.
 * The sink is the console driver's once it is up (printf_set_sink); until
 * then it is the SBI console, without a lock, because only the boot hart
 * runs.
 */
#include "lib/printf.h"
#include "arch/riscv/sbi.h"

volatile int panicking;

static void early_lock(void)
{
}

static void early_write(const char *buf, int n)
{
	for (int i = 0; i < n; i++)
		sbi_console_putchar(buf[i]);
}

static const struct print_sink early_sink = {early_lock, early_write, early_lock};

/* Set on the boot hart before the others start; read-only afterwards. */
static const struct print_sink *print_sink = &early_sink;

void printf_set_sink(const struct print_sink *sink)
{
	print_sink = sink;
}

struct sink {
	char *buf;
	int size; /* capacity of buf */
	int len;  /* bytes in buf */
	int total;
	int flush_to_sink; /* printf: write out when full; snprintf: drop excess */
};

static void sink_flush(struct sink *s)
{
	print_sink->write(s->buf, s->len);
	s->len = 0;
}

static void put(struct sink *s, char c)
{
	s->total++;
	if (s->len < s->size - 1) {
		s->buf[s->len++] = c;
		return;
	}
	if (s->flush_to_sink) {
		sink_flush(s);
		s->buf[s->len++] = c;
	}
}

static void put_num(struct sink *s, uint64 v, int base, int negative)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (negative)
		put(s, '-');
	while (n > 0)
		put(s, tmp[--n]);
}

static void fmt_core(struct sink *s, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(s, *fmt);
			continue;
		}
		fmt++;
		int islong = 0;
		while (*fmt == 'l') {
			islong = 1;
			fmt++;
		}
		switch (*fmt) {
		case 'd': {
			long v = islong ? va_arg(ap, long) : va_arg(ap, int);
			put_num(s, v < 0 ? -(uint64)v : (uint64)v, 10, v < 0);
			break;
		}
		case 'u':
			put_num(s, islong ? va_arg(ap, uint64) : va_arg(ap, uint32), 10, 0);
			break;
		case 'x':
			put_num(s, islong ? va_arg(ap, uint64) : va_arg(ap, uint32), 16, 0);
			break;
		case 'p':
			put(s, '0');
			put(s, 'x');
			put_num(s, va_arg(ap, uint64), 16, 0);
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			for (str = str ? str : "(null)"; *str; str++)
				put(s, *str);
			break;
		}
		case 'c':
			put(s, (char)va_arg(ap, int));
			break;
		case '%':
			put(s, '%');
			break;
		case 0:
			return;
		default:
			/* Unknown directive: show it, so the mistake is visible. */
			put(s, '%');
			put(s, *fmt);
			break;
		}
	}
}

void vprintf(const char *fmt, va_list ap)
{
	char buf[128];
	struct sink s = {buf, sizeof(buf), 0, 0, 1};
	int locked = !panicking;
	if (locked)
		print_sink->lock();
	fmt_core(&s, fmt, ap);
	sink_flush(&s);
	if (locked)
		print_sink->unlock();
}

void printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

int vsnprintf(char *buf, int size, const char *fmt, va_list ap)
{
	struct sink s = {buf, size, 0, 0, 0};
	fmt_core(&s, fmt, ap);
	if (size > 0)
		buf[s.len] = 0;
	return s.len;
}

int snprintf(char *buf, int size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
