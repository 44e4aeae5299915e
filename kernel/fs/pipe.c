/*
 * pipe.c: pipes.
 *
 * The buffer is one page (PIPE_SIZE bytes).  nread and nwrite count bytes
 * ever read and written (free-running), so nwrite - nread is the fill and
 * the position in the buffer is the count modulo PIPE_SIZE.  Data moves in
 * runs: each copy takes the largest contiguous stretch of the ring, so a
 * 4 KiB write costs one or two copies and one wake-up, not one per byte.
 *
 * pi->lock guards everything in struct pipe.  Copies to and from user
 * memory happen with the lock held: they may take page faults in the
 * kernel's sense (copy-on-write breaks, lazy pages) but never sleep.
 */
#include "fs/pipe.h"
#include "fs/file.h"
#include "mm/page.h"
#include "mm/kmalloc.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/uaccess.h"
#include "sync/spinlock.h"
#include "lib/errno.h"
#include "riscv.h"

#define PIPE_SIZE PGSIZE

struct pipe {
	struct spinlock lock;
	char *buf;       /* PIPE_SIZE bytes */
	uint64 nread;    /* bytes read so far */
	uint64 nwrite;   /* bytes written so far */
	int readopen;    /* read end still open */
	int writeopen;   /* write end still open */
};

int pipe_alloc(struct file **rf, struct file **wf)
{
	struct pipe *pi = kmalloc(sizeof(*pi));
	paddr_t page = page_alloc();
	*rf = file_alloc();
	*wf = *rf ? file_alloc() : 0;
	if (!pi || !page || !*rf || !*wf) {
		kfree(pi);
		if (page)
			page_free(page);
		if (*rf)
			file_close(*rf);
		if (*wf)
			file_close(*wf);
		return -E_NOMEM;
	}
	spin_init(&pi->lock, "pipe");
	pi->buf = pa2kva(page);
	pi->nread = pi->nwrite = 0;
	pi->readopen = pi->writeopen = 1;
	(*rf)->type = FD_PIPE;
	(*rf)->readable = 1;
	(*rf)->pipe = pi;
	(*wf)->type = FD_PIPE;
	(*wf)->writable = 1;
	(*wf)->pipe = pi;
	return 0;
}

void pipe_close(struct pipe *pi, int writable)
{
	acquire(&pi->lock);
	if (writable) {
		pi->writeopen = 0;
		wakeup(&pi->nread);
	} else {
		pi->readopen = 0;
		wakeup(&pi->nwrite);
	}
	int last = !pi->readopen && !pi->writeopen;
	release(&pi->lock);
	if (last) {
		page_free(kva2pa(pi->buf));
		kfree(pi);
	}
}

int pipe_write(struct pipe *pi, uint64 src, int n)
{
	struct proc *p = myproc();
	int done = 0;
	acquire(&pi->lock);
	while (done < n) {
		if (!pi->readopen || proc_killed(p)) {
			release(&pi->lock);
			return done ? done : (pi->readopen ? -E_INTR : -E_PIPE);
		}
		uint64 space = PIPE_SIZE - (pi->nwrite - pi->nread);
		if (space == 0) {
			wakeup(&pi->nread);
			sleep(&pi->nwrite, &pi->lock);
			continue;
		}
		uint64 pos = pi->nwrite % PIPE_SIZE;
		uint64 run = PIPE_SIZE - pos; /* contiguous room before the wrap */
		uint64 chunk = n - done;
		if (chunk > space)
			chunk = space;
		if (chunk > run)
			chunk = run;
		if (copyin(p->pagetable, pi->buf + pos, src + done, chunk) < 0) {
			release(&pi->lock);
			return done ? done : -E_FAULT;
		}
		pi->nwrite += chunk;
		done += chunk;
	}
	wakeup(&pi->nread);
	release(&pi->lock);
	return done;
}

int pipe_read(struct pipe *pi, uint64 dst, int n)
{
	struct proc *p = myproc();
	acquire(&pi->lock);
	while (pi->nread == pi->nwrite && pi->writeopen) {
		if (proc_killed(p)) {
			release(&pi->lock);
			return -E_INTR;
		}
		sleep(&pi->nread, &pi->lock);
	}
	int done = 0;
	while (done < n && pi->nread != pi->nwrite) {
		uint64 avail = pi->nwrite - pi->nread;
		uint64 pos = pi->nread % PIPE_SIZE;
		uint64 run = PIPE_SIZE - pos;
		uint64 chunk = n - done;
		if (chunk > avail)
			chunk = avail;
		if (chunk > run)
			chunk = run;
		if (copyout(p->pagetable, dst + done, pi->buf + pos, chunk) < 0) {
			if (done == 0)
				done = -E_FAULT;
			break;
		}
		pi->nread += chunk;
		done += chunk;
	}
	wakeup(&pi->nwrite);
	release(&pi->lock);
	return done;
}
