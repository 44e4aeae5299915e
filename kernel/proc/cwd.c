/* cwd.c: the working directory a process's threads share (proc/cwd.h). */
#include "proc/cwd.h"
#include "proc/proc.h"
#include "fs/fsops.h"

struct inode *cwd_get(void)
{
	struct proc *p = myprocess();
	acquire(&p->lock);
	struct inode *ip = p->cwd ? inode_dup(p->cwd) : 0;
	release(&p->lock);
	return ip;
}

void cwd_put(struct inode *ip)
{
	if (ip)
		inode_put(ip);
}

void cwd_set(struct inode *ip)
{
	struct proc *p = myprocess();
	acquire(&p->lock);
	struct inode *old = p->cwd;
	p->cwd = ip;
	release(&p->lock);
	cwd_put(old);
}
