/*
 * watch.h: what the 6.1810 labs attach to a process to watch or limit its
 * system calls: trace()'s mask, strace's target file (tracefd) and
 * interpose()'s sandbox rules.  The system-call dispatcher reads them
 * (syscall/trace.c, syscall/sandbox.c); this file keeps their lifetime.
 *
 * All of it is private to the process (struct proc's "private" rule):
 * only the process itself changes it, and fork copies it into a child
 * before the child first runs.  Everything is inherited by fork and kept
 * across exec, so a traced or sandboxed command stays so in whatever it
 * runs.
 */
#ifndef KITE_PROC_WATCH_H
#define KITE_PROC_WATCH_H

#include "../abi/types.h"
#include "../abi/param.h"

struct proc;
struct file;

/* interpose(mask, path): calls 1 << SYS_n in mask fail, except open and
 * exec of exactly path ("-" allows none). */
struct sandbox_rule {
	uint32 mask;
	char path[MAXPATH];
};
#define SANDBOX_RULES 4 /* distinct allowed paths one process may stack */

struct proc_watch {
	uint32 trace_mask;       /* trace(): 1 << SYS_n printed on the console */
	struct file *trace_file; /* tracefd(): every call decoded to this file, or 0 */
	int nrules;              /* sandbox: every rule applies (their intersection) */
	struct sandbox_rule rules[SANDBOX_RULES];
};

/* A fresh process: nothing traced, no sandbox. */
void watch_init(struct proc_watch *w);
/* fork: the child gets the parent's tracing and sandbox (a reference to the trace file). */
void watch_fork(struct proc_watch *child, const struct proc_watch *parent);
/* exit: drop the trace file. */
void watch_release(struct proc_watch *w);

#endif
