/*
 * sh.h: what the files of the shell share.
 *
 *   main.c     the loop: read a complete command, run it; -c and scripts
 *   input.c    reading source: the line editor or plain reads, and the
 *              continuation lines a command needs ("> " prompt)
 *   lex.c      the tokenizer: words (kept raw, quotes and all), operators,
 *              redirections, here-document bodies
 *   parse.c    the parser: tokens into a tree of nodes (grammar there)
 *   arena.c    memory for one command's tree, freed all at once
 *   expand.c   words into fields: ~, $variables, quotes, globbing
 *   glob.c     pathname patterns (* ? [...]), sorted matches
 *   vars.c     shell variables, export, positional parameters
 *   run.c      running the tree: and-or lists, pipelines, compound commands
 *   redir.c    redirections and here-documents
 *   builtin.c  cd, pwd, exit, export, unset, true, false, wait, jobs, fg, bg, ...
 *   test.c     the test (and [) builtin
 *   jobs.c     jobs: process groups, the console's foreground, stops,
 *              fg/bg/jobs/wait and the [N] reports
 *   edit.c     the console line editor: cursor keys, history, Tab completion
 *
 * The user stack is one page: everything large is static or malloc'd, and
 * the recursion in the parser and the runner is bounded by MAXNEST.
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

#define LINEMAX 4096 /* longest input line; a longer one is refused whole */
#define SRCMAX 16384 /* longest command, with its continuation lines */
#define MAXNEST 24   /* nesting of compound commands: parsing and running recurse */
#define NAMEMAX 32   /* longest variable name */

#define STATUS_MASK 0xff /* $? is the low byte of the exit status */
#define STATUS_FALSE 1
#define STATUS_SYNTAX 2
#define STATUS_NOEXEC 126 /* found, but exec failed (POSIX) */
#define STATUS_NOTFOUND 127

#define PROMPT "$ "
#define PROMPT2 "> " /* continuation lines */

/* ------------------------------------------------------------ tokens (lex.c) */

enum {
	TK_WORD,
	TK_NEWLINE,
	TK_SEMI,
	TK_AMP,
	TK_PIPE,
	TK_AND,
	TK_OR,
	TK_LPAREN,
	TK_RPAREN,
	TK_REDIR,
	TK_END,
};

/* Redirection operators. */
enum { R_IN, R_OUT, R_APPEND, R_DUPIN, R_DUPOUT, R_HEREDOC };

struct redir {
	int op;          /* R_* */
	int fd;          /* the descriptor redirected */
	char *word;      /* file, or descriptor for R_DUP*: a raw word */
	char *body;      /* R_HEREDOC: the text, raw */
	int body_quoted; /* R_HEREDOC: delimiter was quoted, so no $expansion */
	struct redir *next;
};

struct token {
	int kind;
	char *word;          /* TK_WORD: raw text, in the arena */
	int quoted;          /* TK_WORD: contains quotes or backslashes */
	struct redir *redir; /* TK_REDIR */
	int start, end;      /* offsets in the source (for job names) */
};

/* Results of parsing what has been read so far. */
enum { PARSE_OK, PARSE_INCOMPLETE, PARSE_ERROR };

void lex_start(const char *src);
/* The next token; PARSE_INCOMPLETE/ERROR through lex_status(). */
struct token *lex_peek(void);
void lex_next(void);
int lex_status(void);
void lex_error(const char *detail); /* a syntax error at the current token */
void lex_incomplete(void);          /* the source ends too early */
const char *lex_errmsg(void);       /* what lex_error said */
int lex_pos(void);                  /* source offset of the next token */
const char *lex_text(int offset);   /* the source from offset on */
int is_space(char c);
int is_op(char c);

/* ------------------------------------------------------------- the tree */

enum {
	N_CMD,   /* simple command: words, redirections */
	N_PIPE,  /* left | right */
	N_AND,   /* left && right */
	N_OR,    /* left || right */
	N_SUB,   /* ( body ) in a subshell */
	N_GROUP, /* { body; } in this shell */
	N_IF,    /* if cond then body [else alt] fi (elif: alt is an N_IF) */
	N_WHILE, /* while cond do body done */
	N_UNTIL, /* until cond do body done */
	N_FOR,   /* for words[0] in words[1..] do body done */
};

struct node {
	int kind;
	struct node *left, *right; /* N_PIPE, N_AND, N_OR operands */
	struct node *cond, *body, *alt;
	char **words; /* raw words */
	int nwords;
	int for_in; /* N_FOR: has an "in" list (else "$@") */
	struct redir *redirs;
	/* In a list: */
	struct node *next; /* the next and-or list */
	int bg;            /* ended by '&' */
	int start, end;    /* source offsets of this and-or list */
};

/* Parses one complete command (a list up to a newline at top level) from
 * the source; PARSE_OK with *list (0 for an empty line) and *used (source
 * bytes consumed), or PARSE_INCOMPLETE / PARSE_ERROR. */
int parse_command(const char *src, struct node **list, int *used);

/* arena.c */
void *arena_alloc(int n);
char *arena_strndup(const char *s, int n);
void arena_reset(void);

/* ------------------------------------------------------------ expansion */

/* Words into fields, malloc'd as one block (free the array); NULL-ended.
 * *nfields gets the count; -1 (after a message) on an error. */
char **expand_words(char **words, int nwords, int *nfields);
/* One word without field splitting or globbing (NAME=word): malloc'd. */
char *expand_flat(const char *word);
/* One word into one string (redirection targets): malloc'd;
 * 0 (after a message) if it expands to several fields or none. */
char *expand_one(const char *word);
/* A here-document body: $ expansion unless quoted; malloc'd. */
char *expand_heredoc(const char *body, int quoted);

/* glob.c: the sorted paths matching pattern (q marks quoted characters);
 * calls add(path, arg) for each; returns the count. */
int glob_expand(const char *pat, const char *q, void (*add)(const char *, void *), void *arg);
int glob_has_magic(const char *pat, const char *q, int n);

/* vars.c */
const char *var_get(const char *name);
int var_set(const char *name, const char *value); /* -1 if the name is bad */
void var_unset(const char *name);
void var_export(const char *name);
void vars_import(void); /* the environment the shell was given, exported */
void var_print_exported(void);
int is_name(const char *s, int n);
/* Positional parameters $0..$N of the running script. */
void params_set(int argc, char **argv);
int params_count(void);
void params_shift(int n);
const char *params_get(int i);

/* ------------------------------------------------------------- running */

extern int last_status;
extern int interactive; /* stdin is the console: prompt, editing, job reports */
void run_list(struct node *list);

/* redir.c: apply in this process; with save, record how to undo. */
struct saved_fds;
int redir_apply(struct redir *r, struct saved_fds **save);
void redir_restore(struct saved_fds *save);

/* builtin.c */
typedef int (*builtin_fn)(int argc, char **argv);
builtin_fn builtin_find(const char *name);
int builtin_test(int argc, char **argv); /* test.c: test and [ */
/* break N / continue N: loops left to leave; loops running now. */
extern int loop_break, loop_continue, loop_depth;

/* jobs.c */
struct job;
extern int job_control;             /* jobs get process groups and the console */
extern volatile int sh_interrupted; /* Ctrl-C (or a stop): the command line ends */
void jobs_init(void);               /* an interactive shell: job control if it can */
void jobs_forget(void);             /* in a child: no jobs, no job control */
/* The foreground job of a pipeline about to start (text: for reports). */
struct job *fg_begin(const char *text, int len);
struct job *fg_job(void);
/* fork() for a process of job j: in the child, its group, the console if
 * foreground, the signal actions for a job; -1 after a message. */
int job_fork(struct job *j, int foreground);
/* Waits for the foreground job (until it ends or stops); its $? value. */
int fg_wait(void);
/* j (a job of one process, just forked) goes into the table: "[N] PID". */
void job_background(struct job *j, const char *text, int len);
void jobs_reap(int report); /* collect what changed; report: the [N] lines */
int jobs_print(int argc, char **argv);
int jobs_wait(int jobno); /* 0 = every running job; the $? value */
int job_fg(int argc, char **argv);
int job_bg(int argc, char **argv);
int job_wait_pid(int pid); /* wait for this child; its $? value, or -1 */
int status_value(int st);  /* waitpid's status as $?: 128 + signal if killed */
/* The builtin kill: lib/killcmd.c, with %N for a job. */
int job_kill(int argc, char **argv);

/* input.c */
#define INPUT_EOF (-1)
#define INPUT_CANCELLED (-2) /* Ctrl-C in the line editor: drop the command */
int input_open_script(const char *path);
/* Appends the next line (with its '\n') to buf; the new length, or
 * INPUT_EOF or INPUT_CANCELLED. */
int input_line(char *buf, int len, int max, int continuation);

/* edit.c */
void put(const char *s, int n);
void hist_add(const char *line);
/* Reads a line from the console in raw mode into line (max bytes with the
 * NUL); its length, INPUT_EOF (Ctrl-D on an empty line) or INPUT_CANCELLED. */
int edit_line(char *line, int max, const char *prompt);

#endif
