/*
 * printf.h: kernel console output.  printf supports %d %u %x %lx %ld %lu
 * %p %s %c %%.  One call's output is written under the print sink's lock,
 * so lines from different harts never interleave.
 */
#ifndef KITE_LIB_PRINTF_H
#define KITE_LIB_PRINTF_H

#include <stdarg.h>
#include "../abi/types.h"

void printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintf(const char *fmt, va_list ap);
/* Format into buf (always NUL-terminated); returns the length written. */
int snprintf(char *buf, int size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, int size, const char *fmt, va_list ap);

/*
 * Where printf's text goes.  write puts n bytes out in any context (panic
 * included, interrupts off); lock and unlock bracket one printf call so
 * that its text is contiguous, and are not called once `panicking` is set.
 */
struct print_sink {
	void (*lock)(void);
	void (*write)(const char *buf, int n);
	void (*unlock)(void);
};
/* Send printf's text to sink from now on: once, on the boot hart, before other harts start. */
void printf_set_sink(const struct print_sink *sink);

/* Set by panic(): printf stops taking the lock so the report always gets out. */
extern volatile int panicking;

#endif
