/*
 * string.c: the string and memory functions of the user library.
 *
 * The loops that copy or fill memory are marked so that GCC does not
 * "optimize" them into calls to memset/memcpy, which here would call
 * themselves forever.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

uint strlen(const char *s)
{
	uint n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (uchar)*a - (uchar)*b;
}

ULIB_WEAK int strncmp(const char *a, const char *b, uint n)
{
	for (; n > 0; n--, a++, b++) {
		if (*a != *b || *a == '\0')
			return (uchar)*a - (uchar)*b;
	}
	return 0;
}

NO_LIBCALL char *strcpy(char *dst, const char *src)
{
	char *d = dst;

	while ((*d++ = *src++) != '\0')
		;
	return dst;
}

ULIB_WEAK NO_LIBCALL char *strncpy(char *dst, const char *src, uint n)
{
	uint i = 0;

	if (n == 0)
		return dst;
	for (; i + 1 < n && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
	return dst;
}

ULIB_WEAK char *strcat(char *dst, const char *src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

char *strchr(const char *s, char c)
{
	for (; *s; s++) {
		if (*s == c)
			return (char *)s;
	}
	return 0;
}

/* A word at a time where alignment allows: programs copy and clear whole
 * pages (bench's baseline memmove, pipes' buffers), and byte loops are 8x slower. */
#define WORD sizeof(uint64)
#define WORD_ALIGNED(p) (((uint64)(p) & (WORD - 1)) == 0)

NO_LIBCALL void *memset(void *dst, int c, uint n)
{
	uchar *d = dst;
	uint64 w = (uchar)c;

	w |= w << 8;
	w |= w << 16;
	w |= w << 32;
	while (n > 0 && !WORD_ALIGNED(d)) {
		*d++ = (uchar)c;
		n--;
	}
	for (; n >= WORD; n -= WORD, d += WORD)
		*(uint64 *)d = w;
	while (n-- > 0)
		*d++ = (uchar)c;
	return dst;
}

/* Copies correctly even when the two ranges overlap. */
NO_LIBCALL void *memmove(void *dst, const void *src, int n)
{
	uchar *d = dst;
	const uchar *s = src;
	int aligned = WORD_ALIGNED(d) && WORD_ALIGNED(s);

	if (n <= 0 || d == s)
		return dst;
	if (d < s || d >= s + n) {
		if (aligned)
			for (; n >= (int)WORD; n -= WORD, d += WORD, s += WORD)
				*(uint64 *)d = *(const uint64 *)s;
		while (n-- > 0)
			*d++ = *s++;
	} else {
		d += n;
		s += n;
		if (aligned && n % WORD == 0)
			for (; n > 0; n -= WORD)
				*(uint64 *)(d -= WORD) = *(const uint64 *)(s -= WORD);
		while (n-- > 0)
			*--d = *--s;
	}
	return dst;
}

void *memcpy(void *dst, const void *src, uint n)
{
	return memmove(dst, src, (int)n);
}

int memcmp(const void *a, const void *b, uint n)
{
	const uchar *x = a, *y = b;

	for (; n > 0; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
	}
	return 0;
}

/* Decimal, with an optional sign; stops at the first non-digit. */
int atoi(const char *s)
{
	int neg = 0, v = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return neg ? -v : v;
}

ULIB_WEAK int isdigit_str(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
	}
	return 1;
}
