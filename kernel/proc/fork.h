/* fork.h: creating processes. */
#ifndef KITE_PROC_FORK_H
#define KITE_PROC_FORK_H

struct proc;

/* Copy the current process; the child's pid, or -E_AGAIN / -E_NOMEM. */
int proc_fork(void);
/* Give p an empty user address space and a trap frame (kernel thread -> user process). */
int proc_give_user_memory(struct proc *p);

#endif
