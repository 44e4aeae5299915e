/*
 * cwd.h: a process's working directory, which its threads share.
 *
 * The leader's p->cwd is read and replaced under its p->lock; a system
 * call that walks a path from it holds a reference of its own (cwd_get,
 * cwd_put), so that another thread's chdir may drop the old directory
 * while the walk still uses it.  Lock order: p->lock, then itable.lock.
 */
#ifndef KITE_PROC_CWD_H
#define KITE_PROC_CWD_H

struct inode;

/* The calling process's cwd with a reference for the caller (0: the root). */
struct inode *cwd_get(void);
/* Drop what cwd_get returned (may run a transaction: no spinlock held). */
void cwd_put(struct inode *ip);
/* Make ip, referenced by the caller, the process's cwd; the old one is dropped. */
void cwd_set(struct inode *ip);

#endif
