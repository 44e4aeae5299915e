/*
 * string.c: memory and string routines.  memmove/memset work a word at a
 * time when both pointers allow it: the kernel copies whole pages for
 * copy-on-write and pipes, and byte loops would dominate those paths.
 */
#include "lib/string.h"

void *memset(void *dst, int c, uint64 n)
{
	uint8 *d = dst;
	uint64 word = (uint8)c;
	word |= word << 8;
	word |= word << 16;
	word |= word << 32;
	while (n > 0 && ((uint64)d & 7)) {
		*d++ = (uint8)c;
		n--;
	}
	for (; n >= 8; n -= 8, d += 8)
		*(uint64 *)d = word;
	while (n-- > 0)
		*d++ = (uint8)c;
	return dst;
}

void *memmove(void *dst, const void *src, uint64 n)
{
	uint8 *d = dst;
	const uint8 *s = src;
	if (d == s || n == 0)
		return dst;
	int aligned = (((uint64)d | (uint64)s) & 7) == 0;
	if (d < s || d >= s + n) {
		if (aligned)
			for (; n >= 8; n -= 8, d += 8, s += 8)
				*(uint64 *)d = *(const uint64 *)s;
		while (n-- > 0)
			*d++ = *s++;
	} else {
		/* Overlapping with dst above src: copy from the end. */
		d += n;
		s += n;
		if (aligned && (n & 7) == 0)
			for (; n >= 8; n -= 8)
				*(uint64 *)(d -= 8) = *(const uint64 *)(s -= 8);
		while (n-- > 0)
			*--d = *--s;
	}
	return dst;
}

/* GCC may emit calls to memcpy for struct copies. */
void *memcpy(void *dst, const void *src, uint64 n)
{
	return memmove(dst, src, n);
}

int memcmp(const void *a, const void *b, uint64 n)
{
	const uint8 *x = a, *y = b;
	for (; n > 0; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

int strncmp(const char *a, const char *b, uint64 n)
{
	for (; n > 0 && *a && *a == *b; n--, a++, b++)
		;
	return n == 0 ? 0 : (uint8)*a - (uint8)*b;
}

int strcmp(const char *a, const char *b)
{
	for (; *a && *a == *b; a++, b++)
		;
	return (uint8)*a - (uint8)*b;
}

uint64 strlen(const char *s)
{
	uint64 n = 0;
	while (s[n])
		n++;
	return n;
}

uint64 strnlen(const char *s, uint64 max)
{
	uint64 n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

char *strlcpy_k(char *dst, const char *src, uint64 n)
{
	uint64 i = 0;
	for (; i + 1 < n && src[i]; i++)
		dst[i] = src[i];
	if (n > 0)
		dst[i] = 0;
	return dst;
}

const char *strstr(const char *hay, const char *needle)
{
	uint64 l = strlen(needle);
	for (; *hay; hay++)
		if (strncmp(hay, needle, l) == 0)
			return hay;
	return l == 0 ? hay : 0;
}
