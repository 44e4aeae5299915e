/*
 * edit: the text being edited, as an array of lines.  Each line owns a
 * malloc'd byte string with room to grow; the array grows the same way.
 * A change that needs memory it cannot get fails before touching anything.
 */
#include "edit.h"

#define MIN_CAP 16                /* first allocation, in elements */
#define SIZE_MAX_BYTES 0x3fffffff /* every size stays far from int's limit */

/*
 * Makes room for `need` elements of `size` bytes at *p (capacity *cap),
 * doubling; the old contents are kept.  0, or -1 with errno ENOMEM.
 */
static int reserve(void **p, int *cap, int need, int size)
{
	int ncap = *cap > 0 ? *cap : MIN_CAP;
	void *np;

	if (need <= *cap)
		return 0;
	while (ncap < need) {
		if (ncap > SIZE_MAX_BYTES / 2 / size)
			goto nomem;
		ncap *= 2;
	}
	np = malloc((uint)ncap * (uint)size);
	if (np == 0)
		goto nomem;
	if (*p)
		memmove(np, *p, *cap * size);
	free(*p);
	*p = np;
	*cap = ncap;
	return 0;
nomem:
	errno = ENOMEM;
	return -1;
}

int text_init(struct text *t)
{
	t->v = 0;
	t->n = t->cap = 0;
	return text_insert_line(t, 0, "", 0);
}

void text_clear(struct text *t)
{
	for (int i = 0; i < t->n; i++)
		free(t->v[i].s);
	free(t->v);
	t->v = 0;
	t->n = t->cap = 0;
}

int line_insert(struct line *l, int at, const char *s, int len)
{
	if (len > SIZE_MAX_BYTES - l->len) {
		errno = ENOMEM;
		return -1;
	}
	if (reserve((void **)&l->s, &l->cap, l->len + len, 1) < 0)
		return -1;
	memmove(l->s + at + len, l->s + at, l->len - at);
	memmove(l->s + at, s, len);
	l->len += len;
	return 0;
}

void line_delete(struct line *l, int at, int count)
{
	memmove(l->s + at, l->s + at + count, l->len - at - count);
	l->len -= count;
}

int text_insert_line(struct text *t, int at, const char *s, int len)
{
	struct line l = {0, 0, 0};

	if (reserve((void **)&t->v, &t->cap, t->n + 1, sizeof(struct line)) < 0)
		return -1;
	if (line_insert(&l, 0, s, len) < 0)
		return -1;
	memmove(&t->v[at + 1], &t->v[at], (t->n - at) * sizeof(struct line));
	t->v[at] = l;
	t->n++;
	return 0;
}

void text_delete_line(struct text *t, int row)
{
	free(t->v[row].s);
	memmove(&t->v[row], &t->v[row + 1], (t->n - row - 1) * sizeof(struct line));
	t->n--;
}

int text_split(struct text *t, int row, int col)
{
	struct line *l = &t->v[row];

	if (text_insert_line(t, row + 1, l->s + col, l->len - col) < 0)
		return -1;
	t->v[row].len = col; /* t->v may have moved: not through l */
	return 0;
}

int text_join(struct text *t, int row)
{
	struct line *next = &t->v[row + 1];

	if (line_insert(&t->v[row], t->v[row].len, next->s, next->len) < 0)
		return -1;
	text_delete_line(t, row + 1);
	return 0;
}
