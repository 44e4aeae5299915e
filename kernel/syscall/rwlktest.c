/*
 * rwlktest.c: rwlktest(), the in-kernel stress test of the reader/writer
 * spinlock (sync/rwlock.h): one kernel thread pinned to each running hart,
 * all taking one lock at once, mostly to read, now and then to write.
 * Inside, each checks what the lock promises: a reader never sees a writer
 * inside or a half-done write (a != b); a writer never sees anyone else.
 * At the end every write must be counted exactly once.
 */
#include "syscall/syscall.h"
#include "sync/rwlock.h"
#include "sync/spinlock.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "mm/kmalloc.h"
#include "arch/riscv/cpu.h"
#include "lib/errno.h"

#define RW_ITERATIONS 20000
#define RW_WRITE_EVERY 8 /* one write in 8 */
#define RW_HOLD_LOOPS 50 /* how long each holds it: long enough to overlap */

struct rwtest {
	struct rwspinlock lock;
	volatile uint64 a, b; /* the guarded data: a writer changes both, a then b */
	int readers_in;       /* atomic: readers inside the lock */
	int writers_in;       /* atomic: writers inside the lock */
	int errors;           /* atomic: broken promises seen */
	uint64 writes;        /* atomic: writes done */
	struct spinlock done_lock;
	int running; /* done_lock: threads not finished */
};

static void hold_a_while(void)
{
	for (volatile int i = 0; i < RW_HOLD_LOOPS; i++)
		;
}

static void read_once(struct rwtest *t)
{
	read_acquire(&t->lock);
	__atomic_fetch_add(&t->readers_in, 1, __ATOMIC_RELAXED);
	if (__atomic_load_n(&t->writers_in, __ATOMIC_RELAXED) != 0 || t->a != t->b)
		__atomic_fetch_add(&t->errors, 1, __ATOMIC_RELAXED);
	hold_a_while();
	if (t->a != t->b)
		__atomic_fetch_add(&t->errors, 1, __ATOMIC_RELAXED);
	__atomic_fetch_sub(&t->readers_in, 1, __ATOMIC_RELAXED);
	read_release(&t->lock);
}

static void write_once(struct rwtest *t)
{
	write_acquire(&t->lock);
	if (__atomic_fetch_add(&t->writers_in, 1, __ATOMIC_RELAXED) != 0 ||
	    __atomic_load_n(&t->readers_in, __ATOMIC_RELAXED) != 0)
		__atomic_fetch_add(&t->errors, 1, __ATOMIC_RELAXED);
	t->a++;
	hold_a_while();
	t->b++;
	__atomic_fetch_add(&t->writes, 1, __ATOMIC_RELAXED);
	__atomic_fetch_sub(&t->writers_in, 1, __ATOMIC_RELAXED);
	write_release(&t->lock);
}

static void worker(void *arg)
{
	struct rwtest *t = arg;
	for (int i = 0; i < RW_ITERATIONS; i++) {
		if (i % RW_WRITE_EVERY == 0)
			write_once(t);
		else
			read_once(t);
	}
	acquire(&t->done_lock);
	t->running--;
	wakeup(t);
	release(&t->done_lock); /* the caller may free t from here on */
}

/* int rwlktest(void): 0 if the lock kept every promise, else the number broken. */
int64 sys_rwlktest(void)
{
	struct rwtest *t = kmalloc(sizeof(*t));
	if (!t)
		return -E_NOMEM;
	rw_init(&t->lock, "rwlktest");
	spin_init(&t->done_lock, "rwlktest done");
	t->a = t->b = 0;
	t->readers_in = t->writers_in = t->errors = 0;
	t->writes = 0;
	t->running = 0;
	int err = 0;
	for (int h = 0; h < NCPU; h++) {
		if (!cpus[h].started)
			continue;
		acquire(&t->done_lock);
		t->running++;
		release(&t->done_lock);
		int pid = kthread_create_on(worker, t, "rwlktest", h);
		if (pid < 0) {
			acquire(&t->done_lock);
			t->running--;
			release(&t->done_lock);
			err = pid;
			break;
		}
	}
	acquire(&t->done_lock);
	while (t->running > 0)
		sleep(t, &t->done_lock);
	release(&t->done_lock);
	int64 r = err;
	if (!err)
		r = t->errors + (t->a != t->writes) + (t->b != t->writes);
	kfree(t);
	return r;
}
