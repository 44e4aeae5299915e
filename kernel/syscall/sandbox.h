/*
 * sandbox.h: interpose(mask, path) (the 6.1810 syscall lab): afterwards
 * each system call 1 << SYS_n in mask fails with EPERM, except open and
 * exec of exactly path ("-": no exception).  A process can only add
 * restrictions: every interpose adds a rule (or widens the mask of the
 * rule with the same path), and a call is refused if any rule refuses it,
 * so the allowed set only shrinks.  The rules live in p->watch
 * (proc/watch.h), inherited by fork and kept by exec.
 */
#ifndef KITE_SYSCALL_SANDBOX_H
#define KITE_SYSCALL_SANDBOX_H

#include "../abi/types.h"

struct proc;

/* Before call num runs: does p's sandbox refuse it?  (Reads open's and exec's path.) */
int sandbox_refuses(struct proc *p, uint64 num);
/* Add the rule (mask, path): 0, or -E_NOSPC when SANDBOX_RULES paths are taken. */
int sandbox_add(struct proc *p, uint32 mask, const char *path);

#endif
