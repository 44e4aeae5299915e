/*
 * sh: the tokenizer and the parser.
 *
 * Grammar (one input line at a time):
 *
 *   list     := pipeline { (';' | '&') pipeline } [';' | '&']
 *   pipeline := command { '|' command }
 *   command  := '(' list ')' { redir }  |  { WORD | redir }+
 *   redir    := ('<' | '>' | '>>') WORD
 *
 * Words may contain '...' (taken literally) and "..." (where \" and \\
 * stand for " and \); outside quotes, \ makes the next character literal.
 * A word starting with # begins a comment.
 *
 * The line is first split into tokens, then parsed into a tree of
 * pipelines and commands (static pools, reset for every line).
 */
#include "sh.h"

/* ---------------------------------------------------------------- tokens */

static const char *tk_text[] = { "word", "|", "<", ">", ">>", ";", "&", "(", ")", "newline" };

struct token {
	int kind;
	char *word; /* TK_WORD: the word with its quotes removed */
};

/* At most one token per input character, plus TK_END. */
static struct token toks[LINEMAX + 1];
static int ntok, pos;
/* Unquoted words never grow, and each needs one NUL. */
static char wordbuf[2 * LINEMAX];

static int parse_err;

static void syntax_error(const char *detail)
{
	if (!parse_err)
		fprintf(2, "sh: syntax error: %s\n", detail);
	parse_err = 1;
}

int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int is_op(char c)
{
	return c != '\0' && strchr("|<>;&()", c) != 0;
}

/* Splits s into toks[]; returns -1 (after a message) on an open quote. */
static int tokenize(const char *s)
{
	char *w = wordbuf;

	ntok = 0;
	for (;;) {
		struct token *t = &toks[ntok++];

		while (is_space(*s))
			s++;
		if (*s == '\0' || *s == '#') {
			t->kind = TK_END;
			return 0;
		}
		if (is_op(*s)) {
			switch (*s) {
			case '|': t->kind = TK_PIPE; break;
			case '<': t->kind = TK_IN; break;
			case '>': t->kind = s[1] == '>' ? TK_APPEND : TK_OUT; break;
			case ';': t->kind = TK_SEMI; break;
			case '&': t->kind = TK_AMP; break;
			case '(': t->kind = TK_LPAREN; break;
			default: t->kind = TK_RPAREN; break;
			}
			s += t->kind == TK_APPEND ? 2 : 1;
			continue;
		}
		t->kind = TK_WORD;
		t->word = w;
		while (*s && !is_space(*s) && !is_op(*s)) {
			char q = *s;

			if (q == '\'' || q == '"') {
				for (s++; *s && *s != q; s++) {
					if (q == '"' && s[0] == '\\' && (s[1] == '"' || s[1] == '\\'))
						s++;
					*w++ = *s;
				}
				if (*s != q) {
					syntax_error("unterminated quote");
					return -1;
				}
				s++;
			} else if (q == '\\' && s[1] != '\0') {
				*w++ = s[1];
				s += 2;
			} else {
				*w++ = *s++;
			}
		}
		*w++ = '\0';
	}
}


/* ------------------------------------------------------------ the tree */

static struct cmd cmdpool[NCMDS];
static struct pipeline pipepool[NPIPES];
static int ncmdused, npipeused, nest;

static struct pipeline *parse_list(void);

static int peek(void)
{
	return toks[pos].kind;
}

static void unexpected(void)
{
	char msg[64];
	struct token *t = &toks[pos];

	snprintf(msg, sizeof(msg), "unexpected '%s'", t->kind == TK_WORD ? t->word : tk_text[t->kind]);
	syntax_error(msg);
}

static int is_redir(int kind)
{
	return kind == TK_IN || kind == TK_OUT || kind == TK_APPEND;
}

static void parse_redir(struct cmd *c)
{
	int kind = toks[pos++].kind;

	if (peek() != TK_WORD) {
		unexpected();
		return;
	}
	if (c->nredir == MAXREDIR) {
		syntax_error("too many redirections");
		return;
	}
	c->redir[c->nredir].kind = kind;
	c->redir[c->nredir++].file = toks[pos++].word;
}

static struct cmd *parse_cmd(void)
{
	struct cmd *c;

	if (ncmdused == NCMDS) {
		syntax_error("too many commands");
		return 0;
	}
	c = &cmdpool[ncmdused++];
	memset(c, 0, sizeof(*c));

	if (peek() == TK_LPAREN) {
		if (++nest > MAXNEST) {
			syntax_error("too deeply nested");
			return 0;
		}
		pos++;
		c->sub = parse_list();
		nest--;
		if (parse_err)
			return 0;
		if (c->sub == 0 || peek() != TK_RPAREN) {
			unexpected();
			return 0;
		}
		pos++;
		while (is_redir(peek()) && !parse_err)
			parse_redir(c);
		if (peek() == TK_WORD || peek() == TK_LPAREN)
			unexpected();
		return parse_err ? 0 : c;
	}

	while (!parse_err) {
		if (peek() == TK_WORD) {
			if (c->argc == MAXARG) {
				syntax_error("too many arguments");
				return 0;
			}
			c->argv[c->argc++] = toks[pos++].word;
		} else if (is_redir(peek())) {
			parse_redir(c);
		} else {
			break;
		}
	}
	if (!parse_err && c->argc == 0 && c->nredir == 0)
		unexpected();
	return parse_err ? 0 : c;
}

static struct pipeline *parse_pipeline(void)
{
	struct pipeline *p;
	struct cmd **tail;

	if (npipeused == NPIPES) {
		syntax_error("too many commands");
		return 0;
	}
	p = &pipepool[npipeused++];
	memset(p, 0, sizeof(*p));
	tail = &p->first;
	for (;;) {
		struct cmd *c = parse_cmd();

		if (c == 0)
			return 0;
		*tail = c;
		tail = &c->next;
		p->ncmds++;
		if (peek() != TK_PIPE)
			return p;
		pos++;
	}
}

/* Stops, without consuming it, at the end of the line or a ')'. */
static struct pipeline *parse_list(void)
{
	struct pipeline *head = 0, **tail = &head;

	while (peek() != TK_END && peek() != TK_RPAREN) {
		struct pipeline *p = parse_pipeline();

		if (p == 0)
			return 0;
		*tail = p;
		tail = &p->next;
		if (peek() != TK_SEMI && peek() != TK_AMP)
			break;
		p->bg = peek() == TK_AMP;
		pos++;
	}
	return head;
}

int parse_line(const char *line, struct pipeline **list)
{
	parse_err = 0;
	pos = 0;
	nest = 0;
	ncmdused = 0;
	npipeused = 0;
	if (tokenize(line) < 0)
		return -1;
	*list = parse_list();
	if (!parse_err && peek() != TK_END)
		unexpected();
	return parse_err ? -1 : 0;
}
