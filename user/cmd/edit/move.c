/*
 * edit: cursor movement.  Left and right go over line ends; up and down
 * keep to the screen column the cursor had when it last moved sideways
 * (want_col), as far as the line they reach is long.
 */
#include "edit.h"

void move_to(struct editor *e, int cy, int cx)
{
	e->cy = cy;
	e->cx = cx;
	e->want_col = screen_col(&e->text.v[cy], cx);
}

/* To line cy (clamped to the text), at the wanted column. */
static void move_vertical(struct editor *e, int cy)
{
	if (cy < 0)
		cy = 0;
	if (cy > e->text.n - 1)
		cy = e->text.n - 1;
	e->cy = cy;
	e->cx = screen_index(&e->text.v[cy], e->want_col);
}

/* A page: the view moves with the cursor, as far as the text goes. */
static void move_page(struct editor *e, int dir)
{
	int last_top = e->text.n > TEXT_ROWS ? e->text.n - TEXT_ROWS : 0;

	e->top += dir * TEXT_ROWS;
	if (e->top > last_top)
		e->top = last_top;
	if (e->top < 0)
		e->top = 0;
	move_vertical(e, e->cy + dir * TEXT_ROWS);
}

int move_key(struct editor *e, int key)
{
	int len = e->text.v[e->cy].len;

	switch (key) {
	case KEY_LEFT:
		if (e->cx > 0)
			move_to(e, e->cy, e->cx - 1);
		else if (e->cy > 0)
			move_to(e, e->cy - 1, e->text.v[e->cy - 1].len);
		return 1;
	case KEY_RIGHT:
		if (e->cx < len)
			move_to(e, e->cy, e->cx + 1);
		else if (e->cy < e->text.n - 1)
			move_to(e, e->cy + 1, 0);
		return 1;
	case KEY_UP:
		move_vertical(e, e->cy - 1);
		return 1;
	case KEY_DOWN:
		move_vertical(e, e->cy + 1);
		return 1;
	case KEY_HOME:
		move_to(e, e->cy, 0);
		return 1;
	case KEY_END:
		move_to(e, e->cy, len);
		return 1;
	case KEY_PGUP:
		move_page(e, -1);
		return 1;
	case KEY_PGDN:
		move_page(e, 1);
		return 1;
	default:
		return 0;
	}
}
