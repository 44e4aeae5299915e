/*
 * sh: the parser, a recursive descent over the tokens of lex.c.
 *
 *   command   := list (NEWLINE | END)
 *   list      := and_or { (';' | '&') and_or } [';' | '&']
 *   and_or    := pipeline { ('&&' | '||') newlines pipeline }
 *   pipeline  := element { '|' newlines element }
 *   element   := simple | compound { redirection }
 *   simple    := { WORD | redirection }+     (NAME=value words first)
 *   compound  := '(' body ')' | '{' body '}'
 *              | if body then body { elif body then body } [else body] fi
 *              | while body do body done | until body do body done
 *              | for NAME [in WORD...] (';' | NEWLINE) newlines do body done
 *   body      := newlines and_or { (';' | '&' | NEWLINE) newlines and_or }
 *
 * Inside a body, newlines separate commands as ';' does.  Reserved words
 * (if then elif else fi while until for in do done { }) count only
 * unquoted and where a command starts.  The source ending where more must
 * follow (an open "if", a trailing "|" or "&&") is PARSE_INCOMPLETE.
 */
#include "sh.h"

static int nest;

static struct node *parse_and_or(void);
static struct node *parse_body(void);

static struct node *new_node(int kind)
{
	struct node *n = arena_alloc(sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->kind = kind;
	return n;
}

static const char *tok_text(struct token *t)
{
	static const char *names[] = {
	    [TK_NEWLINE] = "newline", [TK_SEMI] = ";",   [TK_AMP] = "&",
	    [TK_PIPE] = "|",          [TK_AND] = "&&",   [TK_OR] = "||",
	    [TK_LPAREN] = "(",        [TK_RPAREN] = ")", [TK_REDIR] = "redirection",
	    [TK_END] = "end of file",
	};
	return t->kind == TK_WORD ? t->word : names[t->kind];
}

static void unexpected(void)
{
	char msg[64];
	struct token *t = lex_peek();

	if (t->kind == TK_END) {
		lex_incomplete();
		return;
	}
	snprintf(msg, sizeof(msg), "unexpected '%s'", tok_text(t));
	lex_error(msg);
}

static int is_word(const char *w)
{
	struct token *t = lex_peek();

	return t->kind == TK_WORD && !t->quoted && strcmp(t->word, w) == 0;
}

/* Words that end a body, and may not start a command. */
static int at_terminator(void)
{
	static const char *const ends[] = {"then", "elif", "else", "fi", "do", "done", "}", "in"};
	struct token *t = lex_peek();

	if (t->kind == TK_RPAREN || t->kind == TK_END)
		return 1;
	for (uint i = 0; i < sizeof(ends) / sizeof(ends[0]); i++)
		if (is_word(ends[i]))
			return 1;
	return 0;
}

static void skip_newlines(void)
{
	while (lex_peek()->kind == TK_NEWLINE)
		lex_next();
}

static int expect_word(const char *w)
{
	if (!is_word(w)) {
		unexpected();
		return -1;
	}
	lex_next();
	return 0;
}

static int ok(void)
{
	return lex_status() == PARSE_OK;
}

static void add_redir(struct node *n, struct redir *r)
{
	struct redir **tail = &n->redirs;

	while (*tail)
		tail = &(*tail)->next;
	*tail = r;
}

/* The words and redirections of a simple command. */
static struct node *parse_simple(void)
{
	struct node *n = new_node(N_CMD);
	int cap = 0;

	for (;;) {
		struct token *t = lex_peek();

		if (t->kind == TK_REDIR) {
			add_redir(n, t->redir);
		} else if (t->kind == TK_WORD) {
			if (n->nwords == cap) {
				int ncap = cap ? 2 * cap : 8;
				char **w = arena_alloc(ncap * sizeof(char *));

				if (cap)
					memmove(w, n->words, cap * sizeof(char *));
				n->words = w;
				cap = ncap;
			}
			n->words[n->nwords++] = t->word;
		} else {
			break;
		}
		lex_next();
	}
	if (n->nwords == 0 && n->redirs == 0) {
		unexpected();
		return 0;
	}
	return n;
}

static struct node *parse_if(void)
{
	struct node *n = new_node(N_IF);

	lex_next(); /* "if" or "elif" */
	n->cond = parse_body();
	if (!ok() || expect_word("then") < 0)
		return 0;
	n->body = parse_body();
	if (!ok())
		return 0;
	if (is_word("elif")) {
		n->alt = parse_if(); /* consumes the "fi" */
		return ok() ? n : 0;
	}
	if (is_word("else")) {
		lex_next();
		n->alt = parse_body();
		if (!ok())
			return 0;
	}
	return expect_word("fi") < 0 ? 0 : n;
}

static struct node *parse_loop(int kind)
{
	struct node *n = new_node(kind);

	lex_next(); /* "while" or "until" */
	n->cond = parse_body();
	if (!ok() || expect_word("do") < 0)
		return 0;
	n->body = parse_body();
	if (!ok() || expect_word("done") < 0)
		return 0;
	return n;
}

static struct node *parse_for(void)
{
	struct node *n = new_node(N_FOR);
	struct token *t;
	int cap = 8;

	lex_next(); /* "for" */
	t = lex_peek();
	if (t->kind != TK_WORD || t->quoted || !is_name(t->word, strlen(t->word))) {
		if (t->kind == TK_END)
			lex_incomplete();
		else
			lex_error("for needs a variable name");
		return 0;
	}
	n->words = arena_alloc(cap * sizeof(char *));
	n->words[n->nwords++] = t->word;
	lex_next();
	skip_newlines();
	if (is_word("in")) {
		n->for_in = 1;
		lex_next();
		while ((t = lex_peek())->kind == TK_WORD) {
			if (n->nwords == cap) {
				char **w = arena_alloc(2 * cap * sizeof(char *));

				memmove(w, n->words, cap * sizeof(char *));
				n->words = w;
				cap *= 2;
			}
			n->words[n->nwords++] = t->word;
			lex_next();
		}
		if (t->kind != TK_SEMI && t->kind != TK_NEWLINE) {
			unexpected();
			return 0;
		}
		lex_next();
	} else if (lex_peek()->kind == TK_SEMI) {
		lex_next();
	}
	skip_newlines();
	if (expect_word("do") < 0)
		return 0;
	n->body = parse_body();
	if (!ok() || expect_word("done") < 0)
		return 0;
	return n;
}

static struct node *parse_compound(void)
{
	struct node *n = 0;

	if (++nest > MAXNEST) {
		lex_error("too deeply nested");
		return 0;
	}
	if (lex_peek()->kind == TK_LPAREN || is_word("{")) {
		int sub = lex_peek()->kind == TK_LPAREN;

		lex_next();
		n = new_node(sub ? N_SUB : N_GROUP);
		n->body = parse_body();
		if (!ok())
			return 0;
		if (sub ? lex_peek()->kind != TK_RPAREN : !is_word("}")) {
			unexpected();
			return 0;
		}
		if (n->body == 0) {
			lex_error(sub ? "empty ( )" : "empty { }");
			return 0;
		}
		lex_next();
	} else if (is_word("if")) {
		n = parse_if();
	} else if (is_word("while")) {
		n = parse_loop(N_WHILE);
	} else if (is_word("until")) {
		n = parse_loop(N_UNTIL);
	} else {
		n = parse_for();
	}
	nest--;
	while (n && ok() && lex_peek()->kind == TK_REDIR) {
		add_redir(n, lex_peek()->redir);
		lex_next();
	}
	return ok() ? n : 0;
}

static int starts_compound(void)
{
	return lex_peek()->kind == TK_LPAREN || is_word("{") || is_word("if") || is_word("while") ||
	       is_word("until") || is_word("for");
}

static struct node *parse_element(void)
{
	if (at_terminator()) {
		unexpected();
		return 0;
	}
	return starts_compound() ? parse_compound() : parse_simple();
}

static struct node *parse_pipeline(void)
{
	struct node *left = parse_element();

	while (left && ok() && lex_peek()->kind == TK_PIPE) {
		struct node *n = new_node(N_PIPE);

		lex_next();
		skip_newlines();
		n->left = left;
		n->right = parse_element();
		if (!n->right)
			return 0;
		left = n;
	}
	return ok() ? left : 0;
}

static struct node *parse_and_or(void)
{
	struct node *left = parse_pipeline();

	while (left && ok() && (lex_peek()->kind == TK_AND || lex_peek()->kind == TK_OR)) {
		struct node *n = new_node(lex_peek()->kind == TK_AND ? N_AND : N_OR);

		lex_next();
		skip_newlines();
		n->left = left;
		n->right = parse_pipeline();
		if (!n->right)
			return 0;
		left = n;
	}
	return ok() ? left : 0;
}

/*
 * A list of and-or commands separated by ';' or '&' (and, in a body, by
 * newlines).  In a body it ends at a terminator word; at the top level at
 * a newline or the end.
 */
static struct node *parse_list(int in_body)
{
	struct node *head = 0, **tail = &head;

	for (;;) {
		if (in_body)
			skip_newlines();
		if (at_terminator() || (!in_body && lex_peek()->kind == TK_NEWLINE))
			break;
		int start = lex_peek()->start;
		struct node *n = parse_and_or();

		if (!n)
			return 0;
		n->start = start;
		n->end = lex_pos();
		*tail = n;
		tail = &n->next;
		int k = lex_peek()->kind;
		if (k == TK_SEMI || k == TK_AMP) {
			n->bg = k == TK_AMP;
			lex_next();
		} else if (!(in_body && k == TK_NEWLINE)) {
			break;
		}
	}
	return head;
}

static struct node *parse_body(void)
{
	struct node *n = parse_list(1);

	if (ok() && lex_peek()->kind == TK_END)
		lex_incomplete(); /* every body has a closing word after it */
	return n;
}

int parse_command(const char *src, struct node **list, int *used)
{
	lex_start(src);
	nest = 0;
	*list = parse_list(0);
	if (ok()) {
		struct token *t = lex_peek();

		if (t->kind == TK_NEWLINE)
			lex_next();
		else if (t->kind != TK_END)
			unexpected();
	}
	*used = lex_pos();
	return lex_status();
}
