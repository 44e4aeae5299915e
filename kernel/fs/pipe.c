/*
 * pipe.c: pipes.
 *
 * The buffer is PIPE_PAGES separate pages (PIPE_SIZE bytes in all: a writer
 * of 4 KiB blocks can run several writes ahead of its reader, so the two
 * switch places every 16 KiB, not every write).  nread and nwrite count
 * bytes ever read and written (free-running), so nwrite - nread is the fill
 * and the position in the ring is the count modulo PIPE_SIZE.  Data moves in
 * runs: each copy takes the largest stretch that is contiguous (inside one
 * page of the ring), so a 4 KiB write costs one or two copies and one
 * wake-up, not one per byte.
 *
 * A write with no reader left fails with EPIPE and raises SIGPIPE in the
 * writer (which kills it unless it ignores, blocks or catches it).  A
 * signal for a handler ends a wait with -E_RESTART when nothing has moved
 * yet (the call is restarted or fails with EINTR), or with the count so far.
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
#include "../abi/signal.h"
#include "riscv.h"

#define PIPE_PAGES 4
#define PIPE_SIZE (PIPE_PAGES * PGSIZE)

struct pipe {
	struct spinlock lock;
	char *page[PIPE_PAGES]; /* the ring, a page at a time */
	uint64 nread;           /* bytes read so far */
	uint64 nwrite;          /* bytes written so far */
	int readopen;           /* read end still open */
	int writeopen;          /* write end still open */
};

static void free_pages(struct pipe *pi)
{
	for (int i = 0; i < PIPE_PAGES; i++)
		if (pi->page[i])
			page_free(kva2pa(pi->page[i]));
}

/* Where ring position pos (0 <= pos < PIPE_SIZE) is, and how much of the ring is contiguous from
 * there. */
static char *ring_at(struct pipe *pi, uint64 pos, uint64 *run)
{
	*run = PGSIZE - pos % PGSIZE;
	return pi->page[pos / PGSIZE] + pos % PGSIZE;
}

int pipe_alloc(struct file **rf, struct file **wf)
{
	struct pipe *pi = kzalloc(sizeof(*pi));
	int pages_ok = pi != 0;
	for (int i = 0; pages_ok && i < PIPE_PAGES; i++) {
		paddr_t pa = page_alloc();
		pi->page[i] = pa ? pa2kva(pa) : 0;
		pages_ok = pa != 0;
	}
	*rf = pages_ok ? file_alloc() : 0;
	*wf = *rf ? file_alloc() : 0;
	if (!pages_ok || !*rf || !*wf) {
		if (pi)
			free_pages(pi);
		kfree(pi);
		if (*rf)
			file_close(*rf);
		if (*wf)
			file_close(*wf);
		return -E_NOMEM;
	}
	spin_init(&pi->lock, "pipe");
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
		free_pages(pi);
		kfree(pi);
	}
}

int pipe_write(struct pipe *pi, int user_src, uint64 src, int n)
{
	int done = 0;
	if (user_src)
		user_prefault(src, (uint64)n); /* file pages cannot be read under pi->lock */
	acquire(&pi->lock);
	while (done < n) {
		if (!pi->readopen) {
			release(&pi->lock);
			if (user_src) /* not for the kernel's own lines (a trace into a pipe) */
				signal_raise(SIGPIPE);
			return done ? done : -E_PIPE;
		}
		uint64 space = PIPE_SIZE - (pi->nwrite - pi->nread);
		if (space == 0) {
			wakeup(&pi->nread);
			int r = signal_wait_check(&pi->lock);
			if (r < 0) {
				release(&pi->lock);
				return done ? done : r;
			}
			if (r == 0)
				sleep_intr(&pi->nwrite, &pi->lock);
			continue;
		}
		uint64 run;
		char *at = ring_at(pi, pi->nwrite % PIPE_SIZE, &run);
		uint64 chunk = n - done;
		if (chunk > space)
			chunk = space;
		if (chunk > run)
			chunk = run;
		if (either_copyin(user_src, at, src + done, chunk) < 0) {
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
		int r = signal_wait_check(&pi->lock);
		if (r < 0) {
			release(&pi->lock);
			return r;
		}
		if (r == 0)
			sleep_intr(&pi->nread, &pi->lock);
	}
	int done = 0;
	while (done < n && pi->nread != pi->nwrite) {
		uint64 avail = pi->nwrite - pi->nread;
		uint64 run;
		char *at = ring_at(pi, pi->nread % PIPE_SIZE, &run);
		uint64 chunk = n - done;
		if (chunk > avail)
			chunk = avail;
		if (chunk > run)
			chunk = run;
		if (copyout(p->pagetable, dst + done, at, chunk) < 0) {
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
