/*
 * edit.h: what the files of the screen editor share.
 *
 *   main.c     start-up, the key loop, leaving (screen and console restored)
 *   text.c     the text: an array of lines, each a growable byte string
 *   file.c     reading a file into the text and writing it back
 *   keys.c     console bytes into keys (control bytes, ANSI escape sequences)
 *   screen.c   drawing: one buffered write per frame, changed rows only
 *   move.c     cursor movement
 *   command.c  what each key does: editing, cut and paste, save, quit
 *   prompt.c   a question on the status line
 *   search.c   the forward search
 */
#ifndef EDIT_EDIT_H
#define EDIT_EDIT_H

#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/sysinfo.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

/* The screen: VT100's 80x24.  The terminal is not asked for its size: with
 * no read timeout, one that never answered would hang the editor. */
#define SCREEN_ROWS 24
#define SCREEN_COLS 80
#define TEXT_ROWS (SCREEN_ROWS - 2) /* then the status line and the help line */
#define STATUS_ROW TEXT_ROWS
#define HELP_ROW (TEXT_ROWS + 1)
#define TAB_STOP 8

#define MSG_MAX SCREEN_COLS /* a status-line message, NUL included */

/* A line, without its newline; s[len] is not kept NUL. */
struct line {
	char *s;
	int len, cap;
};

/* The text: always at least one line. */
struct text {
	struct line *v;
	int n, cap;
};

int text_init(struct text *t);   /* one empty line; 0, or -1 without memory */
void text_clear(struct text *t); /* no lines at all, memory freed */
/* Each returns 0, or -1 (errno ENOMEM) when memory runs out, changing nothing. */
int text_insert_line(struct text *t, int at, const char *s, int len);
int line_insert(struct line *l, int at, const char *s, int len);
int text_split(struct text *t, int row, int col); /* row ends at col, the rest follows */
int text_join(struct text *t, int row);           /* row + 1 appended to row */
void text_delete_line(struct text *t, int row);
void line_delete(struct line *l, int at, int count);

/* file.c: 0, or -1 with errno set.  When the file cannot be opened (ENOENT:
 * it is new), t is left holding one empty line. */
int file_load(struct text *t, const char *path);
int file_save(const struct text *t, const char *path, int *nlines);

/* keys.c: a key is a byte (a control character or text) or one of these. */
enum {
	KEY_EOF = -1,     /* the console has no more input */
	KEY_NONE = 0x100, /* a sequence for a key the editor does not use */
	KEY_UP,
	KEY_DOWN,
	KEY_LEFT,
	KEY_RIGHT,
	KEY_HOME,
	KEY_END,
	KEY_PGUP,
	KEY_PGDN,
	KEY_DELETE,
};
#define CTRL(c) ((c)&0x1f)
#define KEY_ESC 0x1b
#define KEY_BACKSPACE 0x7f
int key_read(void);
int key_pending(void); /* 1 if typed bytes are waiting, so a redraw can wait */

/* Where a Ctrl-K puts its line in the cut lines. */
enum { CUT_NONE, CUT_APPEND, CUT_PREPEND }; /* CUT_NONE: a new run */

/* The editor's whole state. */
struct editor {
	struct text text;
	char path[MAXPATH]; /* the file: ^S writes it, ^O can change it */
	int cy, cx;         /* the cursor: line and byte in it */
	int want_col;       /* screen column that up and down aim for */
	int top, left;      /* first line and first column shown */
	int dirty;          /* changed since loaded or saved */
	int quit_armed;     /* Ctrl-Q once with unsaved changes: the next one quits */
	struct text cut;    /* lines cut by a run of Ctrl-K, for Ctrl-U */
	int cut_run;        /* CUT_*: how the previous key (if Ctrl-K) left the run */
	char msg[MSG_MAX];  /* shown on the status line until the next key */
	const char *prompt; /* while a question is open: its label ... */
	const char *answer; /* ... and what is typed so far */
};

/* screen.c */
int screen_col(const struct line *l, int cx);    /* screen column of byte cx */
int screen_index(const struct line *l, int col); /* byte at screen column col */
void screen_draw(struct editor *e);
void screen_reset(void); /* clear the screen, cursor home */

/* move.c */
int move_key(struct editor *e, int key);        /* 1 if key moves the cursor (and it did) */
void move_to(struct editor *e, int cy, int cx); /* up and down then aim for cx's column */

/* command.c: returns 1 when the editor is to quit. */
int command_key(struct editor *e, int key);

/* prompt.c: asks on the status line, the answer typed into answer[size]
 * (which holds the starting text); 1 when Enter ends it, 0 if cancelled. */
int prompt(struct editor *e, const char *label, char *answer, int size);

/* search.c */
void search_forward(struct editor *e);

void leave(int status) __attribute__((noreturn)); /* main.c */

#endif
