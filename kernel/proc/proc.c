/*
 * proc.c: the process table: allocating and freeing slots, pids, kill,
 * and the views of the table that ps and Ctrl-P print (a row per thread:
 * the process's pid, and the thread's id for threads other than the main
 * one).  (Signals, groups
 * and stops are in signal.c.)
 */
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/uproc.h"
#include "mm/kvm.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/printf.h"
#include "lib/string.h"

struct proc proc[NPROC];
struct proc *initproc;
struct spinlock wait_lock = SPINLOCK_INIT("wait");

static int next_pid = 1; /* guarded by pid_lock */
static struct spinlock pid_lock = SPINLOCK_INIT("pid");

void proc_init(void)
{
	for (int i = 0; i < NPROC; i++) {
		spin_init(&proc[i].lock, "proc");
		proc[i].state = UNUSED;
		/* Each slot keeps its guarded stack for good: fork and exit then
		 * never map, unmap or shoot down TLBs for stacks, and free memory
		 * does not move when processes come and go. */
		proc[i].kstack = kstack_alloc();
		if (!proc[i].kstack)
			panic("proc_init: no memory for %d kernel stacks", NPROC);
	}
}

/*
 * Interrupts off between reading tp and reading that hart's cpus[] entry:
 * a tick in between could move the thread to another hart, and the entry
 * read would be another thread's.  intr_off_save() rather than push_off():
 * this runs several times in every system call (about 8 instructions
 * against 60).
 */
struct proc *myproc(void)
{
	uint64 sie = intr_off_save();
	struct proc *p = mycpu()->proc;
	intr_restore(sie);
	return p;
}

struct proc *myprocess(void)
{
	uint64 sie = intr_off_save();
	struct proc *p = mycpu()->proc;
	intr_restore(sie);
	return p ? p->leader : 0;
}

static int alloc_pid(void)
{
	acquire(&pid_lock);
	int pid = next_pid++;
	release(&pid_lock);
	return pid;
}

struct proc *proc_alloc(void (*entry)(void))
{
	struct proc *p;
	for (p = proc; p < &proc[NPROC]; p++) {
		acquire(&p->lock);
		if (p->state == UNUSED)
			break;
		release(&p->lock);
	}
	if (p == &proc[NPROC])
		return 0;
	p->pid = alloc_pid();
	p->state = USED;
	p->killed = 0;
	p->xstate = 0;
	p->chan = 0;
	p->wake_at = 0;
	p->ignintr = 0;
	memset(&p->sig, 0, sizeof(p->sig));
	p->sig.pgid = p->pid; /* its own group, until fork gives the parent's */
	p->pagetable = 0;
	p->trapframe = 0;
	p->usyscall = 0;
	watch_init(&p->watch);
	p->pin_hart = -1;
	p->sz = 0;
	p->cwd = 0;
	p->kfn = 0;
	p->leader = p;
	p->nthreads = 1;
	p->nheld = 0;
	sleep_init(&p->mmap_lock, "mmap");
	p->group_exiting = 0;
	p->group_status = 0;
	p->group_termsig = 0;
	p->threaded = 0;
	fdt_init(&p->fds);
	memset(&p->context, 0, sizeof(p->context));
	p->context.ra = (uint64)entry;
	p->context.sp = p->kstack;
	return p;
}

void proc_free(struct proc *p)
{
	KASSERT(holding(&p->lock));
	uproc_free_memory(p);
	p->pid = 0;
	p->parent = 0;
	p->name[0] = 0;
	p->chan = 0;
	p->killed = 0;
	p->xstate = 0;
	p->state = UNUSED;
}

int proc_count(void)
{
	int n = 0;
	for (struct proc *p = proc; p < &proc[NPROC]; p++)
		if (p->state != UNUSED) /* racy read: a count, not a promise */
			n++;
	return n;
}

int proc_snapshot(struct procinfo *out, int max)
{
	int n = 0;
	acquire(&wait_lock); /* for parent pointers */
	for (struct proc *p = proc; p < &proc[NPROC] && n < max; p++) {
		acquire(&p->lock);
		if (p->state != UNUSED) {
			struct proc *l = p->leader; /* its fields read racily: a view */
			out[n].pid = l->pid;
			out[n].tid = p->pid;
			out[n].ppid = l->parent ? l->parent->pid : 0;
			/* enum procstate matches procstate_abi; a stopped process sleeps */
			out[n].state = p->sig.stopped ? PS_STOPPED : (int)p->state;
			out[n].size = l->sz;
			memmove(out[n].name, p->name, PROCNAME_LEN);
			n++;
		}
		release(&p->lock);
	}
	release(&wait_lock);
	return n;
}

_Static_assert((int)UNUSED == PS_UNUSED && (int)ZOMBIE == PS_ZOMBIE &&
                   (int)SLEEPING == PS_SLEEPING && (int)RUNNING == PS_RUNNING,
               "procinfo states follow enum procstate");

void proc_dump(void)
{
	static const char *const names[] = {
	    [UNUSED] = "unused",   [USED] = "used",   [SLEEPING] = "sleep",
	    [RUNNABLE] = "runble", [RUNNING] = "run", [ZOMBIE] = "zombie",
	};
	/* No locks: Ctrl-P must work even when the system is wedged. */
	printf("\n");
	for (struct proc *p = proc; p < &proc[NPROC]; p++) {
		if (p->state == UNUSED)
			continue;
		const char *st = p->sig.stopped ? "stop" : names[p->state];
		if (p->leader == p)
			printf("%d %s %s\n", p->pid, st, p->name);
		else
			printf("%d %s %s thread %d\n", p->leader->pid, st, p->name, p->pid);
	}
}

int proc_kill(int pid)
{
	return signal_send_pid(pid, SIGKILL);
}

int proc_killed(struct proc *p)
{
	acquire(&p->lock);
	int k = p->killed;
	release(&p->lock);
	return k;
}

void proc_set_killed(struct proc *p)
{
	signal_kill_proc(p, SIGKILL);
}
