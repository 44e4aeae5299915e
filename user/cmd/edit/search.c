/*
 * edit: Ctrl-W, the forward search.  The string is typed on the status
 * line, which starts with the previous one: Enter searches (from just after
 * the cursor, on to the end, then from the top: it wraps around),
 * Backspace and Ctrl-U edit it, Ctrl-C gives up.
 */
#include "edit.h"

#define SEARCH_LABEL "Search (Enter finds, ^C cancels): "

/* Types into e->query on the status line: 1 when Enter ends it, 0 if cancelled. */
static int prompt(struct editor *e, const char *label)
{
	int ok = 0;

	e->prompt = label;
	for (;;) {
		int key, len = strlen(e->query);

		if (!key_pending())
			screen_draw(e);
		key = key_read();
		if (key == '\r' || key == '\n') {
			ok = 1;
			break;
		}
		if (key == KEY_EOF || key == CTRL('C'))
			break;
		if ((key == KEY_BACKSPACE || key == CTRL('H')) && len > 0)
			e->query[len - 1] = '\0';
		else if (key == CTRL('U'))
			e->query[0] = '\0';
		else if (key >= ' ' && key < KEY_BACKSPACE && len < QUERY_MAX - 1 &&
			 strlen(label) + len + 1 < SCREEN_COLS) {
			e->query[len] = (char)key;
			e->query[len + 1] = '\0';
		}
	}
	e->prompt = 0;
	return ok;
}

/* Where q (qlen bytes) first occurs in l at or after byte from; -1 if not. */
static int find_in(const struct line *l, int from, const char *q, int qlen)
{
	for (int i = from; i + qlen <= l->len; i++) {
		if (memcmp(l->s + i, q, qlen) == 0)
			return i;
	}
	return -1;
}

void search_forward(struct editor *e)
{
	int n = e->text.n, qlen;

	if (!prompt(e, SEARCH_LABEL) || e->query[0] == '\0')
		return;
	qlen = strlen(e->query);
	/* Every line once, from the cursor's, and that line again from its start. */
	for (int i = 0; i <= n; i++) {
		int row = (e->cy + i) % n;
		int at = find_in(&e->text.v[row], i == 0 ? e->cx + 1 : 0, e->query, qlen);

		if (at >= 0) {
			if (e->cy + i >= n)
				snprintf(e->msg, MSG_MAX, "search wrapped around");
			move_to(e, row, at);
			return;
		}
	}
	snprintf(e->msg, MSG_MAX, "not found: %s", e->query);
}
