/*
 * uproc.c: releasing what a user process holds, for exit and wait.
 */
#include "proc/uproc.h"
#include "proc/proc.h"
#include "proc/uvm.h"
#include "mm/page.h"
#include "fs/fsops.h"

void uproc_free_memory(struct proc *p)
{
	if (p->pagetable)
		uvm_destroy(p->pagetable, p->sz);
	p->pagetable = 0;
	p->sz = 0;
	if (p->trapframe)
		page_free(kva2pa(p->trapframe));
	p->trapframe = 0;
}

void uproc_release_files(struct proc *p)
{
	/* HOOK: close p->ofile[] here once the open-file layer exists. */
	if (p->cwd) {
		inode_put(p->cwd); /* runs its own transaction if it frees the inode */
		p->cwd = 0;
	}
}
