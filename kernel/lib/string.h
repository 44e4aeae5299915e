/* string.h: the few C string and memory routines the kernel uses. */
#ifndef KITE_LIB_STRING_H
#define KITE_LIB_STRING_H

#include "../abi/types.h"

void *memset(void *dst, int c, uint64 n);
void *memmove(void *dst, const void *src, uint64 n);
void *memcpy(void *dst, const void *src, uint64 n);
int memcmp(const void *a, const void *b, uint64 n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, uint64 n);
uint64 strlen(const char *s);
uint64 strnlen(const char *s, uint64 max);
/* Copies at most n-1 bytes and always NUL-terminates (n > 0). */
char *strlcpy_k(char *dst, const char *src, uint64 n);
const char *strstr(const char *hay, const char *needle);

#endif
