/*
 * sh: the Kite shell.
 *
 *   sh              read commands from standard input (with a prompt and
 *                   line editing when that is the console)
 *   sh FILE         run the commands in FILE
 *   sh -c COMMAND   run one command line
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
 * A word starting with # begins a comment.  Builtins: cd [DIR], exit [N].
 *
 * The line is first split into tokens, then parsed into a tree of
 * pipelines and commands (static pools, reset for every line), then run.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/param.h"
#include "kernel/sysinfo.h"
#include "user/user.h"

#define LINEMAX 512  /* longest input line */
#define NCMDS 64     /* commands (and subshells) in one line */
#define NPIPES 64    /* pipelines in one line */
#define MAXREDIR 8   /* redirections on one command */
#define MAXNEST 16   /* nested parentheses: parsing and running recurse, the stack is small */
#define NHIST 20     /* remembered lines for the arrow keys */
#define NBG 32       /* background jobs remembered until they are reported */
#define STATUS_NOTFOUND 127
#define STATUS_SYNTAX 2

#define PROMPT "$ "
#define KEY_CTRL_C 0x03
#define KEY_CTRL_D 0x04
#define KEY_BS 0x08
#define KEY_TAB 0x09
#define KEY_CTRL_U 0x15
#define KEY_ESC 0x1b
#define KEY_DEL 0x7f

/* ---------------------------------------------------------------- tokens */

enum { TK_WORD, TK_PIPE, TK_IN, TK_OUT, TK_APPEND, TK_SEMI, TK_AMP, TK_LPAREN, TK_RPAREN, TK_END };
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

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_op(char c)
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

struct redir {
	int kind; /* TK_IN, TK_OUT or TK_APPEND */
	char *file;
};

struct pipeline;

struct cmd {
	int argc;
	char *argv[MAXARG + 1];
	struct pipeline *sub; /* non-null: "( list )", run in a subshell */
	int nredir;
	struct redir redir[MAXREDIR];
	struct cmd *next; /* next command of the pipeline */
};

struct pipeline {
	struct cmd *first;
	int ncmds;
	int bg; /* ended by '&' */
	struct pipeline *next;
};

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

/* -------------------------------------------------------- running jobs */

static int last_status;
static int interactive;   /* stdin is the console: prompt and line editing */
static int in_background; /* this process runs a background job */

/* Background jobs started by this shell, until reported. */
static int bgpid[NBG];
static int bgdone[NBG];
static int nbg;

static void run_list(struct pipeline *p);

/* A forked child is not the parent of the parent's jobs. */
static void forget_jobs(void)
{
	nbg = 0;
}

/* Notes that pid has exited if it is one of our background jobs. */
static void job_exited(int pid)
{
	for (int i = 0; i < nbg; i++) {
		if (bgpid[i] == pid)
			bgdone[i] = 1;
	}
}

/*
 * There is no non-blocking wait, so look at the process table first: each
 * child of ours that is already a zombie can be waited for without
 * blocking.  Then report the finished jobs.
 */
static void reap_jobs(void)
{
	static struct procinfo pi[NPROC];
	int n, me, zombies = 0, j = 0;

	if (nbg == 0)
		return;
	n = procinfo(pi, NPROC);
	me = getpid();
	for (int i = 0; i < n; i++) {
		if (pi[i].ppid == me && pi[i].state == PS_ZOMBIE)
			zombies++;
	}
	while (zombies-- > 0) {
		int pid = wait(0);

		if (pid < 0)
			break;
		job_exited(pid);
	}
	for (int i = 0; i < nbg; i++) {
		if (bgdone[i]) {
			fprintf(2, "[%d] done\n", bgpid[i]);
		} else {
			bgpid[j] = bgpid[i];
			bgdone[j++] = 0;
		}
	}
	nbg = j;
}

/* Makes fd become descriptor `target` (the lowest free one after the close). */
static void move_fd(int fd, int target)
{
	if (fd == target)
		return;
	close(target);
	if (dup(fd) != target)
		fprintf(2, "sh: cannot redirect descriptor %d\n", target);
	close(fd);
}

/* There is no lseek: reading to the end leaves the offset there for write. */
static void seek_to_end(int fd)
{
	char buf[256];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

static void redirect(struct cmd *c)
{
	for (int i = 0; i < c->nredir; i++) {
		struct redir *r = &c->redir[i];
		int fd, target = r->kind == TK_IN ? 0 : 1;

		if (r->kind == TK_IN)
			fd = open(r->file, O_RDONLY);
		else if (r->kind == TK_OUT)
			fd = open(r->file, O_WRONLY | O_CREATE | O_TRUNC);
		else
			fd = open(r->file, O_RDWR | O_CREATE);
		if (fd < 0) {
			fprintf(2, "sh: %s: cannot open\n", r->file);
			exit(1);
		}
		if (r->kind == TK_APPEND)
			seek_to_end(fd);
		move_fd(fd, target);
	}
}

static int is_builtin(struct cmd *c)
{
	return c->sub == 0 && c->argc > 0 &&
	       (strcmp(c->argv[0], "cd") == 0 || strcmp(c->argv[0], "exit") == 0);
}

/* Runs cd or exit in this process; returns the status. */
static int run_builtin(struct cmd *c)
{
	if (strcmp(c->argv[0], "exit") == 0) {
		if (interactive)
			consmode(CONS_COOKED);
		exit(c->argc > 1 ? atoi(c->argv[1]) : last_status);
	}
	const char *dir = c->argc > 1 ? c->argv[1] : "/";

	if (c->argc > 2) {
		fprintf(2, "sh: cd: too many arguments\n");
		return 1;
	}
	if (chdir(dir) < 0) {
		fprintf(2, "sh: cd: %s: cannot change directory\n", dir);
		return 1;
	}
	return 0;
}

/* In a forked child: set up, then become the command.  Never returns. */
static void exec_cmd(struct cmd *c)
{
	char path[MAXPATH];

	/* Ctrl-C spares background jobs; ignintr is cleared by every fork. */
	if (in_background)
		ignintr(1);
	redirect(c);
	if (c->sub) {
		run_list(c->sub);
		exit(last_status);
	}
	if (c->argc == 0)
		exit(0);
	if (is_builtin(c))
		exit(run_builtin(c));
	/* A bare name is looked up in / (where the programs are), then here. */
	if (strchr(c->argv[0], '/') == 0 && path_join(path, sizeof(path), "/", c->argv[0]) == 0)
		exec(path, c->argv);
	exec(c->argv[0], c->argv);
	fprintf(2, "sh: %s: not found\n", c->argv[0]);
	exit(STATUS_NOTFOUND);
}

/* Runs a pipeline in the foreground; returns its last command's status. */
static int run_pipeline(struct pipeline *p)
{
	static int pids[NCMDS]; /* only used between fork and wait, never nested */
	int n = 0, in = -1, status = 1, lastpid = -1, failed = 0;
	struct cmd *c;

	if (p->ncmds == 1 && is_builtin(p->first))
		return run_builtin(p->first);

	for (c = p->first; c; c = c->next) {
		int fds[2] = { -1, -1 }, pid;

		if (c->next && pipe(fds) < 0) {
			fprintf(2, "sh: pipe failed\n");
			failed = 1;
			break;
		}
		pid = fork();
		if (pid < 0) {
			fprintf(2, "sh: fork failed\n");
			if (c->next) {
				close(fds[0]);
				close(fds[1]);
			}
			failed = 1;
			break;
		}
		if (pid == 0) {
			forget_jobs();
			if (in >= 0)
				move_fd(in, 0);
			if (c->next) {
				close(fds[0]);
				move_fd(fds[1], 1);
			}
			exec_cmd(c);
		}
		if (in >= 0)
			close(in);
		in = c->next ? fds[0] : -1;
		if (c->next)
			close(fds[1]);
		pids[n++] = pid;
		lastpid = pid;
	}
	if (in >= 0)
		close(in);

	/* wait() may also return finished background jobs: note those. */
	for (int left = n; left > 0;) {
		int st, pid = wait(&st), mine = 0;

		if (pid < 0)
			break;
		for (int i = 0; i < n; i++)
			mine |= pids[i] == pid;
		if (!mine) {
			job_exited(pid);
			continue;
		}
		left--;
		if (pid == lastpid)
			status = st;
	}
	return failed ? 1 : status;
}

static void run_background(struct pipeline *p)
{
	int pid = fork();

	if (pid < 0) {
		fprintf(2, "sh: fork failed\n");
		last_status = 1;
		return;
	}
	if (pid == 0) {
		forget_jobs();
		in_background = 1;
		ignintr(1);
		if (p->ncmds == 1)
			exec_cmd(p->first); /* the job's pid is the program's */
		exit(run_pipeline(p));
	}
	fprintf(2, "[%d]\n", pid);
	if (nbg < NBG) {
		bgpid[nbg] = pid;
		bgdone[nbg++] = 0;
	}
	last_status = 0;
}

static void run_list(struct pipeline *p)
{
	for (; p; p = p->next) {
		if (p->bg)
			run_background(p);
		else
			last_status = run_pipeline(p);
	}
}

static void run_line(const char *line)
{
	struct pipeline *list;

	if (strlen(line) >= LINEMAX) {
		fprintf(2, "sh: line too long\n");
		last_status = 1;
		return;
	}
	parse_err = 0;
	pos = 0;
	nest = 0;
	ncmdused = 0;
	npipeused = 0;
	if (tokenize(line) < 0) {
		last_status = STATUS_SYNTAX;
		return;
	}
	list = parse_list();
	if (!parse_err && peek() != TK_END)
		unexpected();
	if (parse_err) {
		last_status = STATUS_SYNTAX;
		return;
	}
	run_list(list);
}

/* ------------------------------------------------------------- input */

static int input_fd; /* 0, or the script file */

/* Reads a line without editing; -1 at end of input. */
static int plain_line(char *line)
{
	int len = 0, toolong = 0;
	char c;

	for (;;) {
		if (read(input_fd, &c, 1) < 1) {
			if (len == 0 && !toolong)
				return -1;
			break;
		}
		if (c == '\n')
			break;
		if (len < LINEMAX - 1)
			line[len++] = c;
		else
			toolong = 1;
	}
	if (toolong) {
		fprintf(2, "sh: line too long\n");
		len = 0;
	}
	line[len] = '\0';
	return len;
}

static char history[NHIST][LINEMAX];
static int nhist, hist_next; /* entries held; ring slot for the next one */

static const char *hist_get(int i) /* 0 = oldest */
{
	return history[(hist_next - nhist + i + NHIST) % NHIST];
}

static void hist_add(const char *line)
{
	if (line[0] == '\0' || (nhist > 0 && strcmp(hist_get(nhist - 1), line) == 0))
		return;
	strcpy(history[hist_next], line);
	hist_next = (hist_next + 1) % NHIST;
	if (nhist < NHIST)
		nhist++;
}

static void put(const char *s, int n)
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
static int edit_line(char *line)
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

/* Reads the next command line; -1 at end of input. */
static int read_line(char *line)
{
	int n;

	if (!interactive)
		return plain_line(line);
	if (consmode(CONS_RAW) < 0) {
		/* No raw mode: let the console's own line discipline edit. */
		put(PROMPT, strlen(PROMPT));
		return plain_line(line);
	}
	n = edit_line(line);
	consmode(CONS_COOKED);
	if (n >= 0)
		line[n] = '\0';
	if (n > 0)
		hist_add(line);
	return n;
}

int main(int argc, char *argv[])
{
	static char line[LINEMAX];
	struct stat st;

	/* Ctrl-C is for the foreground command, not the shell. */
	ignintr(1);
	if (argc > 1 && strcmp(argv[1], "-c") == 0) {
		if (argc != 3) {
			fprintf(2, "usage: sh [-c COMMAND | FILE]\n");
			exit(1);
		}
		run_line(argv[2]);
		exit(last_status);
	}
	if (argc > 2) {
		fprintf(2, "usage: sh [-c COMMAND | FILE]\n");
		exit(1);
	}
	if (argc == 2) {
		input_fd = open(argv[1], O_RDONLY);
		if (input_fd < 0) {
			fprintf(2, "sh: %s: cannot open\n", argv[1]);
			exit(1);
		}
	} else if (fstat(0, &st) == 0 && st.type == T_DEVICE) {
		interactive = 1;
	}

	for (;;) {
		reap_jobs();
		if (read_line(line) < 0)
			break;
		run_line(line);
	}
	exit(last_status);
}
