/*
 * edit: Ctrl-W, the forward search.  The string is asked for on the status
 * line, starting with the previous one; the search goes from just after
 * the cursor on to the end, then from the top: it wraps around.
 */
#include "edit.h"

#define SEARCH_LABEL "Search (Enter finds, ^C cancels): "
#define QUERY_MAX SCREEN_COLS /* a search string, NUL included */

static char query[QUERY_MAX]; /* the last string searched for */

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

	if (!prompt(e, SEARCH_LABEL, query, sizeof(query)) || query[0] == '\0')
		return;
	qlen = strlen(query);
	/* Every line once, from the cursor's, and that line again from its start. */
	for (int i = 0; i <= n; i++) {
		int row = (e->cy + i) % n;
		int at = find_in(&e->text.v[row], i == 0 ? e->cx + 1 : 0, query, qlen);

		if (at >= 0) {
			if (e->cy + i >= n)
				snprintf(e->msg, MSG_MAX, "search wrapped around");
			move_to(e, row, at);
			return;
		}
	}
	snprintf(e->msg, MSG_MAX, "not found: %s", query);
}
