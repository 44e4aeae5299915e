/*
 * uproc.h: the user side of a process: its address space and the hooks
 * that exit and the scheduler need.  (Implemented in proc/uvm.c.)
 */
#ifndef KITE_PROC_UPROC_H
#define KITE_PROC_UPROC_H

struct proc;

/* Free p's user page table, user pages and trap frame (if any). */
void uproc_free_memory(struct proc *p);
/* Close p's files and drop its working directory (exit path). */
void uproc_release_files(struct proc *p);

#endif
