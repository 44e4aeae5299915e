/*
 * sh: the console line editor.  The console is in raw mode while a line is
 * typed: the shell echoes it and handles Backspace, Ctrl-U, Ctrl-C, Ctrl-D,
 * the arrow keys (history) and Tab (completion).
 */
#include "sh.h"

#define NHIST 20     /* remembered lines for the arrow keys */

#define KEY_CTRL_C 0x03
#define KEY_CTRL_D 0x04
#define KEY_BS 0x08
#define KEY_TAB 0x09
#define KEY_CTRL_U 0x15
#define KEY_ESC 0x1b
#define KEY_DEL 0x7f

static char history[NHIST][LINEMAX];
static int nhist, hist_next; /* entries held; ring slot for the next one */

static const char *hist_get(int i) /* 0 = oldest */
{
	return history[(hist_next - nhist + i + NHIST) % NHIST];
}

void hist_add(const char *line)
{
	if (line[0] == '\0' || (nhist > 0 && strcmp(hist_get(nhist - 1), line) == 0))
		return;
	strcpy(history[hist_next], line);
	hist_next = (hist_next + 1) % NHIST;
	if (nhist < NHIST)
		nhist++;
}

void put(const char *s, int n)
{
	write(2, s, n);
}

/* Rewrites the whole line in place; ESC [K clears what the old one left. */
static void redraw(const char *line)
{
	static char out[LINEMAX + 16];
	int n = snprintf(out, sizeof(out), "\r%s%s\x1b[K", PROMPT, line);

	put(out, n < (int)sizeof(out) ? n : (int)sizeof(out) - 1);
}

static int is_break(char c)
{
	return is_space(c) || is_op(c);
}

/* Tab: complete the last word of the line from the names in its directory. */
static void complete(char *line, int *lenp)
{
	char dir[MAXPATH], path[MAXPATH], *names, *name, *first = 0;
	int len = *lenp, start = len, slash = -1, plen, nnames, nmatch = 0, common = 0;
	const char *prefix;

	while (start > 0 && !is_break(line[start - 1]))
		start--;
	for (int i = start; i < len; i++) {
		if (line[i] == '/')
			slash = i;
	}
	if (slash >= 0) {
		if (slash - start + 2 > (int)sizeof(dir))
			return;
		memmove(dir, line + start, slash - start + 1);
		dir[slash - start + 1] = '\0';
		prefix = line + slash + 1;
	} else {
		strcpy(dir, ".");
		prefix = line + start;
	}
	line[len] = '\0';
	plen = strlen(prefix);
	nnames = dir_names(dir, &names);
	if (nnames <= 0)
		return;

	/* Count the matches and the longest prefix they all share. */
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
		/* Nothing more is certain: show the candidates, then the line again. */
		put("\n", 1);
		name = names;
		for (int i = 0; i < nnames; i++, name += strlen(name) + 1) {
			if (strncmp(name, prefix, plen) == 0 && (name[0] != '.' || prefix[0] == '.'))
				fprintf(2, "%s  ", name);
		}
		put("\n", 1);
		redraw(line);
	} else if (nmatch > 0) {
		struct stat st;
		char tail = 0;

		if (nmatch == 1 && path_join(path, sizeof(path), dir, first) == 0)
			tail = stat(path, &st) == 0 && st.type == T_DIR ? '/' : ' ';
		for (int k = plen; k < common && len < LINEMAX - 2; k++)
			line[len++] = first[k];
		if (tail)
			line[len++] = tail;
		line[len] = '\0';
		put(line + *lenp, len - *lenp);
		*lenp = len;
	}
	free(names);
}

/*
 * Reads a line from the console in raw mode, echoing and editing it here.
 * Returns its length, or -1 for Ctrl-D on an empty line or end of input.
 */
int edit_line(char *line)
{
	static char draft[LINEMAX]; /* the line being typed, while browsing history */
	int len = 0, hpos = nhist, esc = 0;
	unsigned char c;

	line[0] = '\0';
	put(PROMPT, strlen(PROMPT));
	for (;;) {
		/* One byte at a time: what follows Enter is left for the command. */
		if (read(0, &c, 1) < 1)
			return len > 0 ? len : -1;
		if (esc == 1) { /* after ESC: expect '[' */
			esc = c == '[' ? 2 : 0;
			continue;
		}
		if (esc == 2) { /* after ESC [: parameters, then the final byte */
			if ((c >= '0' && c <= '9') || c == ';')
				continue;
			esc = 0;
			if (c == 'A' && hpos > 0) {
				if (hpos == nhist)
					strcpy(draft, line);
				hpos--;
				strcpy(line, hist_get(hpos));
			} else if (c == 'B' && hpos < nhist) {
				hpos++;
				strcpy(line, hpos == nhist ? draft : hist_get(hpos));
			} else {
				continue;
			}
			len = strlen(line);
			redraw(line);
			continue;
		}
		line[len] = '\0';
		switch (c) {
		case '\r':
		case '\n':
			put("\n", 1);
			return len;
		case KEY_CTRL_D:
			if (len == 0) {
				put("\n", 1);
				return -1;
			}
			break;
		case KEY_CTRL_C:
			put("^C\n", 3);
			line[0] = '\0';
			return 0;
		case KEY_DEL:
		case KEY_BS:
			if (len > 0) {
				line[--len] = '\0';
				put("\b \b", 3);
			}
			break;
		case KEY_CTRL_U:
			len = 0;
			line[0] = '\0';
			redraw(line);
			break;
		case KEY_TAB:
			complete(line, &len);
			break;
		case KEY_ESC:
			esc = 1;
			break;
		default:
			if (c >= ' ' && c < KEY_DEL && len < LINEMAX - 1) {
				line[len++] = c;
				line[len] = '\0';
				put((char *)&c, 1);
			}
			break;
		}
	}
}
