/*
 * sh: the console line editor.  The console is in raw mode while a line is
 * typed: the shell echoes it and handles the keys.
 *
 *   Left Right Home End (or Ctrl-B Ctrl-F Ctrl-A Ctrl-E)   move
 *   Backspace, Delete                                     erase
 *   Up Down                                               history
 *   Ctrl-U erase the line   Ctrl-C drop it   Ctrl-D end of input (empty line)
 *   Tab                                                   complete a file name
 *
 * The screen is redrawn from the prompt with ANSI escapes; a line longer
 * than the terminal is wide wraps and is then redrawn less neatly.
 */
#include "sh.h"

#define NHIST 100 /* remembered lines for the arrow keys */

#define CTRL(c) ((c) - '@')
#define KEY_BS 0x08
#define KEY_TAB 0x09
#define KEY_ESC 0x1b
#define KEY_DEL 0x7f
#define ESC_ARG_MAX 8 /* digits of an escape sequence's parameter */

static char *history[NHIST]; /* malloc'd lines, oldest first */
static int nhist;

void put(const char *s, int n)
{
	write(2, s, n);
}

static void puts2(const char *s)
{
	put(s, strlen(s));
}

void hist_add(const char *line)
{
	int n = strlen(line);
	char *copy;

	if (n == 0 || (nhist > 0 && strcmp(history[nhist - 1], line) == 0))
		return;
	copy = malloc(n + 1);
	if (!copy)
		return;
	memmove(copy, line, n + 1);
	if (nhist == NHIST) {
		free(history[0]);
		memmove(history, history + 1, (NHIST - 1) * sizeof(history[0]));
		nhist--;
	}
	history[nhist++] = copy;
}

struct line {
	char *buf;
	int len, cur, max; /* cur: the cursor's index */
	const char *prompt;
};

/* Redraws the whole line and puts the cursor back at l->cur. */
static void redraw(struct line *l)
{
	char esc[24];

	puts2("\r");
	puts2(l->prompt);
	put(l->buf, l->len);
	puts2("\x1b[K");
	if (l->len > l->cur) {
		snprintf(esc, sizeof(esc), "\x1b[%dD", l->len - l->cur);
		puts2(esc);
	}
}

static void insert(struct line *l, const char *s, int n)
{
	if (l->len + n > l->max - 1)
		n = l->max - 1 - l->len;
	if (n <= 0)
		return;
	memmove(l->buf + l->cur + n, l->buf + l->cur, l->len - l->cur);
	memmove(l->buf + l->cur, s, n);
	l->len += n;
	l->cur += n;
	l->buf[l->len] = '\0';
	if (l->cur == l->len)
		put(s, n);
	else
		redraw(l);
}

static void erase(struct line *l, int at)
{
	if (at < 0 || at >= l->len)
		return;
	memmove(l->buf + at, l->buf + at + 1, l->len - at - 1);
	l->len--;
	l->buf[l->len] = '\0';
	if (l->cur > at)
		l->cur--;
	redraw(l);
}

static void set_line(struct line *l, const char *s)
{
	int n = strlen(s);

	if (n > l->max - 1)
		n = l->max - 1;
	memmove(l->buf, s, n);
	l->buf[n] = '\0';
	l->len = l->cur = n;
	redraw(l);
}

/* Characters that must be quoted in a completed name. */
static int needs_quote(char c)
{
	return is_space(c) || is_op(c) || strchr("'\"\\$*?[]#~", c) != 0;
}

/*
 * Tab: complete the word before the cursor from the names in its
 * directory.  The word is read as the shell would read it (backslashes
 * and quotes removed), and what is added is quoted with backslashes.
 */
static void complete(struct line *l)
{
	static char word[MAXPATH], dir[MAXPATH], path[MAXPATH];
	int start = 0, n = 0, inq = 0;
	char *names, *name, *first = 0;

	/* Find where the word under the cursor starts, honouring quotes. */
	for (int i = 0; i < l->cur; i++) {
		char c = l->buf[i];

		if (inq) {
			if (c == inq)
				inq = 0;
		} else if (c == '\\') {
			i++;
		} else if (c == '\'' || c == '"') {
			inq = c;
		} else if (is_space(c) || is_op(c)) {
			start = i + 1;
		}
	}
	for (int i = start, q = 0; i < l->cur && n < MAXPATH - 1; i++) {
		char c = l->buf[i];

		if (q ? c == q : (c == '\'' || c == '"')) {
			q = q ? 0 : c;
			continue;
		}
		if (!q && c == '\\' && i + 1 < l->cur)
			c = l->buf[++i];
		word[n++] = c;
	}
	word[n] = '\0';
	const char *slash = strchr(word, '/') ? word + strlen(word) : 0;
	while (slash && *slash != '/')
		slash--;
	const char *prefix = slash ? slash + 1 : word;
	if (slash) {
		int dn = slash - word + 1;

		memmove(dir, word, dn);
		dir[dn] = '\0';
	} else {
		strcpy(dir, ".");
	}
	int plen = strlen(prefix), nnames = dir_names(dir, &names), nmatch = 0, common = 0;
	if (nnames <= 0)
		return;
	name = names;
	for (int i = 0; i < nnames; i++, name += strlen(name) + 1) {
		if (strncmp(name, prefix, plen) != 0 || (name[0] == '.' && prefix[0] != '.'))
			continue;
		if (nmatch++ == 0) {
			first = name;
			common = strlen(name);
		} else {
			int k = plen;

			while (k < common && name[k] == first[k])
				k++;
			common = k;
		}
	}
	if (nmatch > 1 && common == plen) {
		/* Nothing more is certain: show the candidates, then the line. */
		puts2("\n");
		name = names;
		for (int i = 0; i < nnames; i++, name += strlen(name) + 1)
			if (strncmp(name, prefix, plen) == 0 &&
			    (name[0] != '.' || prefix[0] == '.'))
				fprintf(2, "%s  ", name);
		puts2("\n");
		redraw(l);
	} else if (nmatch > 0) {
		struct stat st;

		for (int k = plen; k < common; k++) {
			char c = first[k];

			if (inq && c == inq) {
				continue; /* cannot be typed inside these quotes */
			}
			if (!inq && needs_quote(c))
				insert(l, "\\", 1);
			insert(l, &c, 1);
		}
		if (nmatch == 1 && path_join(path, sizeof(path), dir, first) == 0) {
			int isdir = stat(path, &st) == 0 && st.type == T_DIR;
			char q = (char)inq;

			if (isdir) {
				insert(l, "/", 1);
			} else {
				if (inq)
					insert(l, &q, 1);
				insert(l, " ", 1);
			}
		}
	}
	free(names);
}

/* An escape sequence ESC [ ARG FINAL: the editing key it stands for. */
static void escape(struct line *l, int arg, char final, int *hpos, char *draft)
{
	if (final == 'A' || final == 'B') {
		if (final == 'A' && *hpos > 0) {
			if (*hpos == nhist)
				strcpy(draft, l->buf);
			set_line(l, history[--*hpos]);
		} else if (final == 'B' && *hpos < nhist) {
			++*hpos;
			set_line(l, *hpos == nhist ? draft : history[*hpos]);
		}
	} else if (final == 'C' && l->cur < l->len) {
		l->cur++;
		puts2("\x1b[C");
	} else if (final == 'D' && l->cur > 0) {
		l->cur--;
		puts2("\x1b[D");
	} else if (final == 'H' || (final == '~' && (arg == 1 || arg == 7))) {
		l->cur = 0;
		redraw(l);
	} else if (final == 'F' || (final == '~' && (arg == 4 || arg == 8))) {
		l->cur = l->len;
		redraw(l);
	} else if (final == '~' && arg == 3) {
		erase(l, l->cur);
	}
}

int edit_line(char *buf, int max, const char *prompt)
{
	static char draft[LINEMAX]; /* the line being typed, while browsing history */
	struct line l = {buf, 0, 0, max, prompt};
	int hpos = nhist, esc = 0, arg = 0;
	unsigned char c;

	buf[0] = '\0';
	puts2(prompt);
	for (;;) {
		/* One byte at a time: what follows Enter is left for the command. */
		if (read(0, &c, 1) < 1)
			return l.len > 0 ? l.len : -1;
		if (esc == 1) { /* after ESC: '[' or 'O' */
			esc = (c == '[' || c == 'O') ? 2 : 0;
			arg = 0;
			continue;
		}
		if (esc == 2) { /* parameters, then the final byte */
			if (c >= '0' && c <= '9') {
				if (arg < ESC_ARG_MAX * 10)
					arg = 10 * arg + (c - '0');
				continue;
			}
			if (c == ';')
				continue;
			esc = 0;
			escape(&l, arg, c, &hpos, draft);
			continue;
		}
		switch (c) {
		case '\r':
		case '\n':
			if (l.cur < l.len) {
				l.cur = l.len;
				redraw(&l);
			}
			puts2("\n");
			return l.len;
		case CTRL('D'):
			if (l.len == 0) {
				puts2("\n");
				return -1;
			}
			erase(&l, l.cur);
			break;
		case CTRL('C'):
			puts2("^C\n");
			buf[0] = '\0';
			return INPUT_CANCELLED;
		case KEY_DEL:
		case KEY_BS:
			erase(&l, l.cur - 1);
			break;
		case CTRL('U'):
			set_line(&l, "");
			break;
		case CTRL('A'):
			escape(&l, 0, 'H', &hpos, draft);
			break;
		case CTRL('E'):
			escape(&l, 0, 'F', &hpos, draft);
			break;
		case CTRL('B'):
			escape(&l, 0, 'D', &hpos, draft);
			break;
		case CTRL('F'):
			escape(&l, 0, 'C', &hpos, draft);
			break;
		case KEY_TAB:
			complete(&l);
			break;
		case KEY_ESC:
			esc = 1;
			break;
		default:
			if (c >= ' ' && c < KEY_DEL)
				insert(&l, (char *)&c, 1);
			break;
		}
	}
}
