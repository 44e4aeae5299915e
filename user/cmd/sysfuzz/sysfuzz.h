/*
 * sysfuzz.h: what the files of the system-call fuzzer share.
 *
 *   gen.c    the generator: a seeded stream of calls with hostile
 *            arguments, and each call as the C statement that makes it
 *   step.c   one call made for real: the keep list, the record printed
 *            before it runs, the call itself, a planted failure (-x)
 *   main.c   the modes (run, -p, -r, -m), the workers, cleanup and the
 *            leak count
 *
 * A call has an id within its worker: call i of the worker is id i; call
 * j of the child that the worker's fork at call i made is id
 * NCALLS + i * CHILD_CALLS + j (call_id).  Keep lists and the records of
 * -m name calls by id, so a forked child's calls are shrunk and
 * reproduced like the worker's own.
 */
#ifndef KITE_SYSFUZZ_H
#define KITE_SYSFUZZ_H

#include "kernel/types.h"

#define BUFSZ 8192
#define CHILD_CALLS 4 /* calls a forked child makes before it exits */
#define STMT_MAX 200  /* one call as C, a planted check included */

enum {
	C_READ,
	C_WRITE,
	C_OPEN,
	C_CLOSE,
	C_DUP,
	C_PIPE,
	C_FSTAT,
	C_UNLINK,
	C_MKDIR,
	C_CHDIR,
	C_LINK,
	C_SYMLINK,
	C_RENAME,
	C_LSEEK,
	C_FTRUNC,
	C_FSYNC,
	C_GETCWD,
	C_SBRK,
	C_FORK,
	C_EXEC,
	C_KILL,
	C_MKNOD,
	C_SLEEP,
	C_WAIT,
	C_UPTIME,
	NCALL
};

struct call {
	int nr;
	int a, b, c; /* codes or plain numbers, by call */
};

/* Names inside a worker's directory; cleanup removes them in this order. */
extern const char *const names[];
#define NNAMES 9

/* Fixed by setup_buffers() before any call runs (gen.c). */
extern char *buf;         /* the heap's last BUFSZ bytes: an overlong read faults past it */
extern char deep[600];    /* a/a/a/...: deeper than any real directory */
extern char toolong[700]; /* longer than MAXPATH */
void setup_buffers(void);

/* The generator's state (gen.c): the random stream and what the calls
 * made so far left behind (a process's own copy after fork). */
extern uint64 rng;
extern int lastfd; /* the last descriptor a call opened */
extern int grown;  /* bytes sbrk has added and not yet given back */
void seed_worker(int seed, int w);
struct call make_call(void);
/* The call as a C statement (without indentation), "" if it does
 * nothing; depth 0 in a worker, 1 in a forked child. */
void format_call(const struct call *c, int depth, char *out, int n);
/* The arguments the statements name. */
void *ptr_value(int k);
const char *path_value(int k);
int sbrk_arg(int a);
int off_console(int fd);
extern const int kill_pid[3], bad_major[3];

/* How step() runs calls (step.c); main.c sets it per process. */
enum { PRINT_NONE, PRINT_PLAIN, PRINT_TAGGED };
struct runctx {
	int worker;       /* worker number: tags, the plant */
	int ncalls;       /* the worker's own calls (for call ids) */
	int print;        /* PRINT_*: -r prints C, -m records "@fz W ID TEXT" */
	int plant;        /* -x rule, 0 for none (step.c) */
	const char *keep; /* per call id: run it; NULL: run every call */
	int fork_at;      /* in a forked child, the fork's call; else -1 */
};
extern struct runctx ctx;
int call_id(int idx);
/* Make call idx of this process (its own numbering), if kept. */
void step(const struct call *c, int idx);
/* -x rule 1's mark is a file at this path; main.c removes it after a run. */
#define PLANT_MARK "/fzplant"
#define PLANT_RULES 2

#endif
