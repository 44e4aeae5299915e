/*
 * edit: drawing.  Each frame is composed row by row and compared with what
 * the screen shows; only the rows that differ are sent, with the cursor's
 * position, in one write.  The escape sequences are ECMA-48's (VT100's):
 * CUP "ESC [ row ; col H", EL "ESC [ K" (erase to the end of the row),
 * ED "ESC [ 2 J" (erase the screen), SGR "ESC [ 7 m" (reverse) and
 * "ESC [ m" (normal).
 *
 * A tab shows as spaces to the next multiple of TAB_STOP, any other byte
 * that is not printable ASCII as '?'.  Lines longer than the screen do not
 * wrap: the view scrolls sideways to keep the cursor on it.
 */
#include "edit.h"

#define ROW_MAX (SCREEN_COLS + 16) /* a composed row: text, SGR codes, a NUL */
#define CUP_MAX 16                 /* "ESC [ rr ; ccc H" */
#define OUT_MAX (SCREEN_ROWS * (ROW_MAX + CUP_MAX + 4) + 2 * CUP_MAX)

#define SGR_REVERSE "\x1b[7m"
#define SGR_NORMAL "\x1b[m"
#define EL_TO_END "\x1b[K"
#define ED_ALL "\x1b[2J"
#define CUP_HOME "\x1b[H"
#define HELP_TEXT "^S Save ^O Save as ^Q Quit ^W Find ^K Cut ^U Paste ^A/^E Home/End ^Y/^V Page"

static char shown[SCREEN_ROWS][ROW_MAX]; /* what each row shows now ... */
static int shown_len[SCREEN_ROWS];
static int shown_valid; /* ... once the screen is drawn */

static char out[OUT_MAX]; /* the frame being built */
static int out_len;

static void emit(const char *s, int n)
{
	if (n > OUT_MAX - out_len)
		n = OUT_MAX - out_len;
	memmove(out + out_len, s, n);
	out_len += n;
}

static void emit_str(const char *s)
{
	emit(s, strlen(s));
}

static void emit_cup(int row, int col) /* 0-based; CUP counts from 1 */
{
	char cup[CUP_MAX];

	emit(cup, snprintf(cup, sizeof(cup), "\x1b[%d;%dH", row + 1, col + 1));
}

static int width_at(int col, char c)
{
	return c == '\t' ? TAB_STOP - col % TAB_STOP : 1;
}

int screen_col(const struct line *l, int cx)
{
	int col = 0;

	for (int i = 0; i < cx; i++)
		col += width_at(col, l->s[i]);
	return col;
}

int screen_index(const struct line *l, int col)
{
	int i = 0, c = 0;

	while (i < l->len && c + width_at(c, l->s[i]) <= col)
		c += width_at(c, l->s[i++]);
	return i;
}

/* Screen columns [left, left + SCREEN_COLS) of line l into row. */
static int compose_line(char *row, const struct line *l, int left)
{
	int n = 0, col = 0;

	for (int i = 0; i < l->len && col < left + SCREEN_COLS; i++) {
		char c = l->s[i];
		int w = width_at(col, c);

		for (int k = 0; k < w; k++, col++) {
			if (col >= left && col < left + SCREEN_COLS)
				row[n++] =
				    c == '\t' ? ' ' : (c >= ' ' && c < KEY_BACKSPACE ? c : '?');
		}
	}
	return n;
}

/* The status line, in reverse video: a prompt, a message, or the file's
 * name and state; then, where there is room, the cursor's position. */
static int compose_status(char *row, const struct editor *e)
{
	char where[SCREEN_COLS + 1];
	char *text = row + sizeof(SGR_REVERSE) - 1;
	int width, nw = 0, n;

	memmove(row, SGR_REVERSE, sizeof(SGR_REVERSE) - 1);
	if (e->prompt)
		width = snprintf(text, SCREEN_COLS + 1, "%s%s", e->prompt, e->answer);
	else if (e->msg[0])
		width = snprintf(text, SCREEN_COLS + 1, "%s", e->msg);
	else
		width =
		    snprintf(text, SCREEN_COLS + 1, "%s%s", e->path, e->dirty ? " (modified)" : "");
	if (width > SCREEN_COLS)
		width = SCREEN_COLS;
	if (!e->prompt)
		nw = snprintf(where, sizeof(where), "line %d/%d col %d ", e->cy + 1, e->text.n,
		              screen_col(&e->text.v[e->cy], e->cx) + 1);
	if (width + 1 + nw > SCREEN_COLS)
		nw = 0;
	while (width < SCREEN_COLS - nw)
		text[width++] = ' ';
	memmove(text + width, where, nw);
	n = text + width + nw - row;
	memmove(row + n, SGR_NORMAL, sizeof(SGR_NORMAL) - 1);
	return n + sizeof(SGR_NORMAL) - 1;
}

static int compose_row(char *row, int r, const struct editor *e)
{
	int line = e->top + r;

	if (r == STATUS_ROW)
		return compose_status(row, e);
	if (r == HELP_ROW) {
		memmove(row, HELP_TEXT, sizeof(HELP_TEXT) - 1);
		return sizeof(HELP_TEXT) - 1;
	}
	return line < e->text.n ? compose_line(row, &e->text.v[line], e->left) : 0;
}

/* Moves the view so that the cursor is on it. */
static void scroll(struct editor *e)
{
	int col = screen_col(&e->text.v[e->cy], e->cx);

	if (e->cy < e->top)
		e->top = e->cy;
	if (e->cy >= e->top + TEXT_ROWS)
		e->top = e->cy - TEXT_ROWS + 1;
	if (col < e->left)
		e->left = col;
	if (col >= e->left + SCREEN_COLS)
		e->left = col - SCREEN_COLS + 1;
}

void screen_draw(struct editor *e)
{
	static char row[ROW_MAX];

	scroll(e);
	out_len = 0;
	if (!shown_valid)
		emit_str(SGR_NORMAL ED_ALL);
	for (int r = 0; r < SCREEN_ROWS; r++) {
		int n = compose_row(row, r, e);

		if (shown_valid && n == shown_len[r] && memcmp(row, shown[r], n) == 0)
			continue;
		emit_cup(r, 0);
		emit(row, n);
		/* The status row is padded to the full width.  A row that fills
		 * it leaves the cursor on its last column, which EL would erase. */
		if (r != STATUS_ROW && n < SCREEN_COLS)
			emit_str(EL_TO_END);
		memmove(shown[r], row, n);
		shown_len[r] = n;
	}
	shown_valid = 1;
	if (e->prompt)
		emit_cup(STATUS_ROW, strlen(e->prompt) + strlen(e->answer));
	else
		emit_cup(e->cy - e->top, screen_col(&e->text.v[e->cy], e->cx) - e->left);
	write(1, out, out_len);
}

void screen_reset(void)
{
	static const char reset[] = SGR_NORMAL ED_ALL CUP_HOME;

	write(1, reset, sizeof(reset) - 1);
	shown_valid = 0;
}
