/*
 * trace.h: system-call tracing, the dispatcher's side.
 *
 * trace(mask) (the 6.1810 syscall lab): after each call whose bit
 * 1 << SYS_n is in the process's mask, the console gets
 * "PID: syscall NAME -> RESULT", RESULT as the caller sees it (-1 for an
 * error).  Only calls 1..31 fit the lab's int mask.
 *
 * tracefd(fd) (Kite's, for strace): every call is written as a line of
 * text to the file fd had when tracefd was called,
 *   [pid 4] open("README", O_RDONLY) = 3
 *   [pid 4] read(3, "# Kite\n\nKite is a "..., 512) = 512
 *   [pid 4] open("nope", O_RDONLY) = -1 ENOENT
 * arguments decoded by the kinds in syscall/sysdesc.c.  Strings and input
 * buffers are copied before the call (exec replaces the memory they are
 * in), output buffers after it; each shows at most TRACE_STR_MAX bytes.
 * A call that does not return (exit) is written before it runs, with
 * "= ?".  The file is written by the kernel from its own buffer, outside
 * any lock, after the call; the line is lost if kmalloc fails.
 */
#ifndef KITE_SYSCALL_TRACE_H
#define KITE_SYSCALL_TRACE_H

#include "../abi/types.h"

struct proc;

#define TRACE_LINE_MAX 512 /* one strace line, the NUL included */
#define TRACE_STR_MAX 32   /* bytes of a string or buffer shown */

/* What trace_before keeps for trace_after: the arguments as they were. */
struct trace_call {
	uint64 num;
	uint64 args[6];
	char *line; /* the line so far (kmalloc'd), or 0 when not writing one */
	int len;
	int next; /* the first argument trace_before left for trace_after */
};

/* Is p traced at all?  (The dispatcher's fast test.) */
int trace_active(const struct proc *p);
/* Before call num runs: note its arguments, start the strace line. */
void trace_before(struct proc *p, uint64 num, struct trace_call *tc);
/* After it returned result: print trace()'s line and write strace's. */
void trace_after(struct proc *p, struct trace_call *tc, int64 result);

#endif
