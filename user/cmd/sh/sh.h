/*
 * sh.h: what the files of the shell share.
 *
 *   main.c   the loop: read a line, run it; script mode; background jobs
 *   parse.c  the tokenizer and the parser (one line into a tree)
 *   run.c    running the tree: fork, exec, pipes, redirections, builtins
 *   edit.c   the console line editor: history, Tab completion
 */
#ifndef SH_SH_H
#define SH_SH_H

#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/param.h"
#include "kernel/sysinfo.h"
#include "user/user.h"
#include "user/kite.h"

#define LINEMAX 512  /* longest input line */
#define NCMDS 64     /* commands (and subshells) in one line */
#define NPIPES 64    /* pipelines in one line */
#define MAXREDIR 8   /* redirections on one command */
#define MAXNEST 16   /* nested parentheses: parsing and running recurse, the stack is small */
#define STATUS_NOTFOUND 127
#define STATUS_NOEXEC 126   /* found, but exec failed (POSIX) */
#define STATUS_SYNTAX 2

#define PROMPT "$ "

/* Token kinds (parse.c); a redirection's kind is one of them. */
enum { TK_WORD, TK_PIPE, TK_IN, TK_OUT, TK_APPEND, TK_SEMI, TK_AMP, TK_LPAREN, TK_RPAREN, TK_END };

/* ---------------------------------------------------------- the tree */

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

/* parse.c */
int is_space(char c);
int is_op(char c);
/* Parses line into *list (0 for an empty line); -1 (after a message) on a
 * syntax error. */
int parse_line(const char *line, struct pipeline **list);

/* run.c */
extern int last_status;
void run_line(const char *line);

/* main.c */
extern int interactive; /* stdin is the console: prompt and line editing */
void forget_jobs(void);
void job_started(int pid);
void job_exited(int pid);

/* edit.c */
void put(const char *s, int n);
void hist_add(const char *line);
int edit_line(char *line);

#endif
