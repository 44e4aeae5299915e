/*
 * sh: the tokenizer.
 *
 * Words are kept raw, quotes and backslashes included: what they mean
 * depends on the variables when the command runs (expand.c), not when it
 * is read.  The tokenizer only needs the quotes to find where a word ends.
 *
 *   operators      ; & | && || ( ) and newline
 *   redirections   [N]< [N]> [N]>> [N]<& [N]>& [N]<<  followed by a word
 *   comments       # at the start of a word, to the end of the line
 *   continuation   backslash-newline is removed
 *
 * A here-document's body is the lines after the next newline token, up to
 * a line equal to the delimiter; it is attached to its redirection.
 *
 * When the source ends inside a quote, a here-document, or where a word
 * must follow, the status becomes PARSE_INCOMPLETE: the caller reads
 * another line and parses everything again.
 */
#include "sh.h"

#define NPENDING 8 /* here-documents waiting for their bodies on one line */
#define ERRMAX 96

static const char *src;
static int pos;
static int status; /* PARSE_OK, or why the tokens stopped */
static char errmsg[ERRMAX];
static struct token cur;
static int have_cur;
static struct redir *pending[NPENDING];
static int npending;

int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

int is_op(char c)
{
	return c != '\0' && strchr("|&;()<>\n", c) != 0;
}

void lex_start(const char *s)
{
	src = s;
	pos = 0;
	status = PARSE_OK;
	errmsg[0] = '\0';
	have_cur = 0;
	npending = 0;
}

const char *lex_errmsg(void)
{
	return errmsg;
}

int lex_status(void)
{
	return status;
}

void lex_error(const char *detail)
{
	if (status != PARSE_OK)
		return;
	snprintf(errmsg, sizeof(errmsg), "%s", detail);
	status = PARSE_ERROR;
}

void lex_incomplete(void)
{
	if (status == PARSE_OK)
		status = PARSE_INCOMPLETE;
}

/* Skips a word's text from src[pos]; 0, or -1 if a quote is left open. */
static int scan_word(void)
{
	while (src[pos] && !is_space(src[pos]) && !is_op(src[pos])) {
		char c = src[pos];

		if (c == '\\') {
			if (src[pos + 1] == '\0')
				return -1;
			pos += 2;
		} else if (c == '\'' || c == '"') {
			for (pos++; src[pos] && src[pos] != c; pos++) {
				if (c == '"' && src[pos] == '\\' && src[pos + 1])
					pos++;
			}
			if (src[pos] != c)
				return -1;
			pos++;
		} else {
			pos++;
		}
	}
	return 0;
}

static void skip_blanks(void)
{
	for (;;) {
		while (is_space(src[pos]))
			pos++;
		if (src[pos] == '\\' && src[pos + 1] == '\n')
			pos += 2; /* continuation */
		else if (src[pos] == '#')
			while (src[pos] && src[pos] != '\n')
				pos++;
		else
			return;
	}
}

/* The delimiter of a here-document: its word with the quotes removed. */
static char *heredoc_delim(const char *w, int *quoted)
{
	int n = strlen(w), k = 0;
	char *d = arena_alloc(n + 1);

	*quoted = 0;
	for (int i = 0; i < n; i++) {
		if (w[i] == '\'' || w[i] == '"' || w[i] == '\\') {
			*quoted = 1;
			if (w[i] == '\\' && i + 1 < n)
				d[k++] = w[++i];
			continue;
		}
		d[k++] = w[i];
	}
	d[k] = '\0';
	return d;
}

/* After a newline: the bodies of the here-documents begun on its line. */
static void read_heredocs(void)
{
	for (int i = 0; i < npending; i++) {
		struct redir *r = pending[i];
		const char *delim = r->word;
		int dlen = strlen(delim), start = pos;

		for (;;) {
			const char *nl = strchr(src + pos, '\n');

			if (nl == 0) {
				lex_incomplete();
				return;
			}
			int len = nl - (src + pos);
			if (len == dlen && strncmp(src + pos, delim, dlen) == 0) {
				r->body = arena_strndup(src + start, pos - start);
				pos += len + 1;
				break;
			}
			pos += len + 1;
		}
	}
	npending = 0;
}

static int read_redir(struct token *t, int fd)
{
	struct redir *r = arena_alloc(sizeof(*r));
	char c = src[pos];

	memset(r, 0, sizeof(*r));
	pos++;
	if (c == '<' && src[pos] == '<') {
		r->op = R_HEREDOC;
		pos++;
	} else if (src[pos] == '&') {
		r->op = c == '<' ? R_DUPIN : R_DUPOUT;
		pos++;
	} else if (c == '>' && src[pos] == '>') {
		r->op = R_APPEND;
		pos++;
	} else {
		r->op = c == '<' ? R_IN : R_OUT;
	}
	r->fd = fd >= 0 ? fd : (c == '<' ? 0 : 1);
	skip_blanks();
	int start = pos;
	if (src[pos] == '\0') {
		lex_incomplete();
		return -1;
	}
	if (src[pos] == '\n' || is_op(src[pos])) {
		lex_error("a redirection needs a word");
		return -1;
	}
	if (scan_word() < 0) {
		lex_incomplete();
		return -1;
	}
	r->word = arena_strndup(src + start, pos - start);
	if (r->op == R_HEREDOC) {
		if (npending == NPENDING) {
			lex_error("too many here-documents");
			return -1;
		}
		r->word = heredoc_delim(r->word, &r->body_quoted);
		pending[npending++] = r;
	}
	t->kind = TK_REDIR;
	t->redir = r;
	return 0;
}

static int is_number(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}

#define FD_DIGITS_MAX 2 /* "10>" at most; descriptors are below NOFILE */

static void lex_token(struct token *t)
{
	memset(t, 0, sizeof(*t));
	t->kind = TK_END;
	if (status != PARSE_OK)
		return;
	skip_blanks();
	t->start = pos;
	char c = src[pos];

	if (c == '\0') {
		t->kind = TK_END;
	} else if (c == '\n') {
		pos++;
		t->kind = TK_NEWLINE;
		read_heredocs();
	} else if (c == '<' || c == '>') {
		if (read_redir(t, -1) < 0)
			t->kind = TK_END;
	} else if (is_op(c)) {
		char d = src[pos + 1];

		pos++;
		if (c == '&' && d == '&') {
			t->kind = TK_AND;
			pos++;
		} else if (c == '|' && d == '|') {
			t->kind = TK_OR;
			pos++;
		} else {
			t->kind = c == ';'   ? TK_SEMI
			          : c == '&' ? TK_AMP
			          : c == '|' ? TK_PIPE
			          : c == '(' ? TK_LPAREN
			                     : TK_RPAREN;
		}
	} else {
		int start = pos;

		if (scan_word() < 0) {
			lex_incomplete();
			t->kind = TK_END;
			return;
		}
		int n = pos - start;
		if ((src[pos] == '<' || src[pos] == '>') && n <= FD_DIGITS_MAX &&
		    is_number(src + start, n)) {
			if (read_redir(t, atoi(src + start)) < 0)
				t->kind = TK_END;
			t->start = start;
			t->end = pos;
			return;
		}
		t->kind = TK_WORD;
		t->word = arena_strndup(src + start, n);
		for (int i = 0; i < n; i++)
			if (strchr("'\"\\", src[start + i]))
				t->quoted = 1;
	}
	t->end = pos;
}

struct token *lex_peek(void)
{
	if (!have_cur) {
		lex_token(&cur);
		have_cur = 1;
	}
	return &cur;
}

void lex_next(void)
{
	lex_peek();
	have_cur = 0;
}

int lex_pos(void)
{
	return have_cur ? cur.start : pos;
}

const char *lex_text(int offset)
{
	return src + offset;
}
