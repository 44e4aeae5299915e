/*
 * fdtable.h: a process's file-descriptor table, the one place that maps
 * small integers to open files (struct file, fs/file.h).
 *
 * Each slot holds a reference to a struct file or is empty.  Nothing else
 * reads or writes the slots: system calls, fork and exit go through these
 * functions.  Locking: a table belongs to one process, but the process's
 * threads use it at once, so t->lock guards the slots (it is never held
 * across file_close, which may sleep); the files' reference counts are
 * guarded by the file table's lock inside file_dup/file_close.  fdt_get's
 * pointer is only safe while no other thread can close the descriptor
 * (a single-threaded process); fdt_get_ref's reference is safe always.
 */
#ifndef KITE_FS_FDTABLE_H
#define KITE_FS_FDTABLE_H

#include "../abi/types.h"
#include "../abi/param.h"
#include "sync/spinlock.h"

struct file;

struct fdtable {
	struct spinlock lock;
	struct file *slot[NOFILE]; /* 0: free; lock */
};

/* Every slot empty (a new process). */
void fdt_init(struct fdtable *t);
/*
 * The n lowest free descriptors in fds[] (ascending), without taking
 * them: 0, or -E_MFILE if fewer than n are free.
 */
int fdt_find_free(struct fdtable *t, int *fds, int n);
/* Install a and b (their references pass to the table) in the two lowest
 * free slots at once, numbers in fds[0] and fds[1]: 0, or -E_MFILE
 * (nothing installed). */
int fdt_install_pair(struct fdtable *t, struct file *a, struct file *b, int fds[2]);
/* Install f in the lowest free slot: the descriptor, or -E_MFILE (f is untouched). */
int fdt_install(struct fdtable *t, struct file *f);
/* The file at fd in *f (not a new reference): 0 or -E_BADF. */
int fdt_get(struct fdtable *t, int fd, struct file **f);
/* The same with a new reference for the caller to file_close. */
int fdt_get_ref(struct fdtable *t, int fd, struct file **f);
/* Empty slot fd and drop its reference: 0 or -E_BADF. */
int fdt_close(struct fdtable *t, int fd);
/* A second descriptor (the lowest free) for the file at fd: it, -E_BADF or -E_MFILE. */
int fdt_dup(struct fdtable *t, int fd);
/* Make dst (empty, set up or not) hold new references to src's files (fork). */
void fdt_copy(struct fdtable *dst, struct fdtable *src);
/* Close every descriptor (exit). */
void fdt_close_all(struct fdtable *t);

#endif
