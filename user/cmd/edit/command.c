/*
 * edit: what each key does.  The keys are nano's, as the help line says;
 * the Ctrl letters for movement stand for the arrows and the page keys
 * (Ctrl-P is the console's process-list key, so Up has only its arrow).
 */
#include "edit.h"

#define SAVE_AS_LABEL "Write to (Enter writes, ^C cancels): "

/* After a change: the text is modified, or the change failed for memory. */
static void changed(struct editor *e, int result)
{
	if (result < 0)
		snprintf(e->msg, MSG_MAX, "%s: nothing changed", strerror(errno));
	else
		e->dirty = 1;
}

static void insert_byte(struct editor *e, char c)
{
	if (line_insert(&e->text.v[e->cy], e->cx, &c, 1) < 0) {
		changed(e, -1);
		return;
	}
	move_to(e, e->cy, e->cx + 1);
	changed(e, 0);
}

static void split_line(struct editor *e)
{
	if (text_split(&e->text, e->cy, e->cx) < 0) {
		changed(e, -1);
		return;
	}
	move_to(e, e->cy + 1, 0);
	changed(e, 0);
}

/* Backspace: the byte before the cursor, or the line break before the line. */
static void delete_back(struct editor *e)
{
	if (e->cx > 0) {
		line_delete(&e->text.v[e->cy], e->cx - 1, 1);
		move_to(e, e->cy, e->cx - 1);
		changed(e, 0);
	} else if (e->cy > 0) {
		int col = e->text.v[e->cy - 1].len;

		if (text_join(&e->text, e->cy - 1) < 0) {
			changed(e, -1);
			return;
		}
		move_to(e, e->cy - 1, col);
		changed(e, 0);
	}
}

/* Delete: the byte under the cursor, or the line break at the line's end. */
static void delete_forward(struct editor *e)
{
	if (e->cx < e->text.v[e->cy].len) {
		line_delete(&e->text.v[e->cy], e->cx, 1);
		changed(e, 0);
	} else if (e->cy < e->text.n - 1) {
		changed(e, text_join(&e->text, e->cy));
	}
}

/*
 * Ctrl-K: the cursor's line goes to the cut lines (a new set, unless the
 * previous key was Ctrl-K too).  Cutting the last line moves the cursor up,
 * and from then on each line cut is above the others: it goes in first,
 * so that the cut lines keep the text's order.  Returns the run's state.
 */
static int cut_line(struct editor *e, int run)
{
	struct line *l = &e->text.v[e->cy];

	if (run == CUT_NONE) {
		text_clear(&e->cut);
		run = CUT_APPEND;
	}
	if (text_insert_line(&e->cut, run == CUT_PREPEND ? 0 : e->cut.n, l->s, l->len) < 0) {
		changed(e, -1);
		return run;
	}
	if (e->text.n > 1)
		text_delete_line(&e->text, e->cy);
	else
		l->len = 0;
	if (e->cy == e->text.n) {
		e->cy--;
		run = CUT_PREPEND;
	}
	move_to(e, e->cy, 0);
	changed(e, 0);
	return run;
}

/* Ctrl-U: the cut lines go in above the cursor's line. */
static void paste_lines(struct editor *e)
{
	for (int i = 0; i < e->cut.n; i++) {
		const struct line *l = &e->cut.v[i];

		if (text_insert_line(&e->text, e->cy, l->s, l->len) < 0) {
			if (i == 0)
				changed(e, -1);
			else
				snprintf(e->msg, MSG_MAX, "%s: %d of %d lines pasted",
				         strerror(errno), i, e->cut.n);
			return;
		}
		move_to(e, e->cy + 1, 0);
		changed(e, 0);
	}
}

/* Writes the text to path: 0, or -1 with the error on the status line. */
static int save_to(struct editor *e, const char *path)
{
	int n;

	if (file_save(&e->text, path, &n) < 0) {
		snprintf(e->msg, MSG_MAX, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	e->dirty = 0;
	snprintf(e->msg, MSG_MAX, "wrote %d line%s", n, n == 1 ? "" : "s");
	return 0;
}

/* Ctrl-O: write to a file named on the status line, which is then the
 * file that Ctrl-S writes (a way out when the first one cannot be). */
static void save_as(struct editor *e)
{
	static char name[MAXPATH];

	strcpy(name, e->path);
	if (!prompt(e, SAVE_AS_LABEL, name, sizeof(name)) || name[0] == '\0')
		return;
	if (save_to(e, name) == 0)
		strcpy(e->path, name);
}

/* The Ctrl letters that stand for a movement key. */
static int movement_of(int key)
{
	switch (key) {
	case CTRL('B'):
		return KEY_LEFT;
	case CTRL('F'):
		return KEY_RIGHT;
	case CTRL('N'):
		return KEY_DOWN;
	case CTRL('A'):
		return KEY_HOME;
	case CTRL('E'):
		return KEY_END;
	case CTRL('Y'):
		return KEY_PGUP;
	case CTRL('V'):
		return KEY_PGDN;
	default:
		return key;
	}
}

int command_key(struct editor *e, int key)
{
	int cut_run = e->cut_run, quit_armed = e->quit_armed;

	e->cut_run = CUT_NONE;
	e->quit_armed = 0;
	if (move_key(e, movement_of(key)))
		return 0;
	switch (key) {
	case '\r':
	case '\n':
		split_line(e);
		break;
	case KEY_BACKSPACE:
	case CTRL('H'):
		delete_back(e);
		break;
	case KEY_DELETE:
	case CTRL('D'):
		delete_forward(e);
		break;
	case CTRL('K'):
		e->cut_run = cut_line(e, cut_run);
		break;
	case CTRL('U'):
		paste_lines(e);
		break;
	case CTRL('W'):
		search_forward(e);
		break;
	case CTRL('S'):
		save_to(e, e->path);
		break;
	case CTRL('O'):
		save_as(e);
		break;
	case CTRL('Q'):
		if (!e->dirty || quit_armed)
			return 1;
		e->quit_armed = 1;
		snprintf(e->msg, MSG_MAX,
		         "unsaved changes: ^Q again quits without saving, ^S saves");
		break;
	case CTRL('C'):
		snprintf(e->msg, MSG_MAX, "^Q quits, ^S saves");
		break;
	default:
		if (key == '\t' || (key >= ' ' && key < KEY_NONE && key != KEY_BACKSPACE))
			insert_byte(e, (char)key);
		break;
	}
	return 0;
}
