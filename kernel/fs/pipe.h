/*
 * pipe.h: pipes: a one-page ring buffer between a writing and a reading
 * end.  Reads block until data or end-of-file (all writers closed); writes
 * block while the buffer is full and fail with -E_PIPE once no reader is
 * left.
 */
#ifndef KITE_FS_PIPE_H
#define KITE_FS_PIPE_H

#include "../abi/types.h"

struct pipe;
struct file;

/* Two files sharing a new pipe: *rf reads, *wf writes. 0 or -E_*. */
int pipe_alloc(struct file **rf, struct file **wf);
void pipe_close(struct pipe *pi, int writable);
int pipe_read(struct pipe *pi, uint64 user_dst, int n);
int pipe_write(struct pipe *pi, int user_src, uint64 src, int n);

#endif
