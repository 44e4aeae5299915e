/*
 * fdtable.h: a process's file-descriptor table, the one place that maps
 * small integers to open files (struct file, fs/file.h).
 *
 * Each slot holds a reference to a struct file or is empty.  Nothing else
 * reads or writes the slots: system calls, fork and exit go through these
 * functions.  Locking: a table belongs to one process, which alone uses it
 * (its creator fills it in at fork before the child runs, and exit empties
 * it), so it needs no lock; the files' reference counts are guarded by
 * the file table's lock inside file_dup/file_close.
 */
#ifndef KITE_FS_FDTABLE_H
#define KITE_FS_FDTABLE_H

#include "types.h"
#include "param.h"

struct file;

struct fdtable {
	struct file *slot[NOFILE]; /* 0: free */
};

/* Every slot empty (a new process). */
void fdt_init(struct fdtable *t);
/*
 * The n lowest free descriptors in fds[] (ascending), without taking
 * them: 0, or -E_MFILE if fewer than n are free.  With fdt_install_at,
 * lets a caller learn the numbers before the last step that can fail.
 */
int fdt_find_free(const struct fdtable *t, int *fds, int n);
/* Put f (its reference passes to the table) in free slot fd, as found above. */
void fdt_install_at(struct fdtable *t, int fd, struct file *f);
/* Install f in the lowest free slot: the descriptor, or -E_MFILE (f is untouched). */
int fdt_install(struct fdtable *t, struct file *f);
/* The file at fd in *f (not a new reference): 0 or -E_BADF. */
int fdt_get(const struct fdtable *t, int fd, struct file **f);
/* Empty slot fd and drop its reference: 0 or -E_BADF. */
int fdt_close(struct fdtable *t, int fd);
/* A second descriptor (the lowest free) for the file at fd: it, -E_BADF or -E_MFILE. */
int fdt_dup(struct fdtable *t, int fd);
/* Fill empty dst with new references to src's files (fork). */
void fdt_copy(struct fdtable *dst, const struct fdtable *src);
/* Close every descriptor (exit). */
void fdt_close_all(struct fdtable *t);

#endif
