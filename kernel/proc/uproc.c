/*
 * uproc.c: releasing what a user process holds, for exit and wait.
 */
#include "proc/uproc.h"
#include "proc/proc.h"
#include "proc/uvm.h"
#include "fs/fdtable.h"
#include "fs/fsops.h"
#include "mm/page.h"

void uproc_free_memory(struct proc *p)
{
	if (p->pagetable)
		uvm_destroy(p->pagetable, p->sz);
	p->pagetable = 0;
	p->sz = 0;
	if (p->trapframe)
		page_free(kva2pa(p->trapframe));
	p->trapframe = 0;
	if (p->usyscall)
		page_free(kva2pa(p->usyscall));
	p->usyscall = 0;
}

void uproc_release_files(struct proc *p)
{
	fdt_close_all(&p->fds);
	watch_release(&p->watch);
	if (p->cwd) {
		inode_put(p->cwd); /* runs its own transaction if it frees the inode */
		p->cwd = 0;
	}
}
