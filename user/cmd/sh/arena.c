/*
 * sh: the arena that holds one command's tokens and tree.  Everything is
 * freed at once when the command has run (or is parsed again with a
 * continuation line), so the parser never frees anything itself.  The
 * arena grows in malloc'd chunks; the first one is kept between commands.
 */
#include "sh.h"

#define ALIGN 8
#define CHUNK_SIZE 16384

struct chunk {
	struct chunk *prev;
	int used, size;
	char data[];
};

static struct chunk *top;

static struct chunk *chunk_new(int size, struct chunk *prev)
{
	struct chunk *c = malloc(sizeof(*c) + size);

	if (c == 0) {
		fprintf(2, "sh: out of memory\n");
		exit(1);
	}
	c->prev = prev;
	c->used = 0;
	c->size = size;
	return c;
}

void *arena_alloc(int n)
{
	n = (n + ALIGN - 1) & ~(ALIGN - 1);
	if (top == 0 || n > top->size - top->used)
		top = chunk_new(n > CHUNK_SIZE ? n : CHUNK_SIZE, top);
	void *p = top->data + top->used;
	top->used += n;
	return p;
}

char *arena_strndup(const char *s, int n)
{
	char *d = arena_alloc(n + 1);

	memmove(d, s, n);
	d[n] = '\0';
	return d;
}

void arena_reset(void)
{
	while (top && top->prev) {
		struct chunk *prev = top->prev;

		free(top);
		top = prev;
	}
	if (top)
		top->used = 0;
}
