/*
 * brk.h: the program break, the end of a process's heap (p->sz).
 */
#ifndef KITE_PROC_BRK_H
#define KITE_PROC_BRK_H

#include "../abi/types.h"

struct proc;

/*
 * Move p's break by n bytes and return the old break, or -E_NOMEM (no room
 * below HEAP_TOP, or not enough memory for eager growth) or -E_INVAL (an
 * unknown mode, or shrinking into the program or its stack).  mode is
 * SBRK_EAGER (kernel/vm.h: pages allocated and zeroed now, so running out
 * of memory is an error here and never a fault later) or SBRK_LAZY (pages
 * appear on first touch, uvm_resolve).  p must be the current process.
 */
int64 brk_move(struct proc *p, int64 n, int mode);

#endif
