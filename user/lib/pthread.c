/*
 * pthread.c: the pthread subset of user/pthread.h over Kite's thread and
 * futex calls.
 *
 * Threads: each created thread has a control block in `threads` (a fixed
 * table under table_lock) holding its stack and, once it ends, its return
 * value.  The thread starts in start(), which runs fn(arg) and ends with
 * pthread_exit; pthread_join waits for the kernel's thread_join, takes the
 * value and frees the stack (no thread can free the stack it runs on).
 * Both the creator and the new thread store the tid in the block, so
 * either may look it up first.
 *
 * Mutex words: 0 free, 1 held, 2 held with possible sleepers.  Taking a
 * free mutex is one compare-and-swap; a contended taker sets 2 and sleeps
 * in futex_wait while the word is 2; unlocking a 2 wakes one sleeper,
 * which takes the mutex as 2 again (others may still sleep).  A condition
 * variable is a sequence number: a waiter notes it, unlocks, and sleeps
 * unless it has changed; signal and broadcast change it, then wake.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"
#include "user/pthread.h"

#define MAX_THREADS 64 /* live or unjoined pthreads of a process (NPROC) */
#define WAKE_ALL 0x7fffffff

struct tcb {
	int used;
	int tid; /* 0 until known */
	void *(*fn)(void *);
	void *arg;
	char *stack; /* malloc'd PTHREAD_STACK_SIZE bytes */
	void *retval;
};

static struct tcb threads[MAX_THREADS]; /* guarded by table_lock */
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---------------------------------------------------------------- mutexes */

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr)
{
	if (attr)
		return EINVAL;
	m->state = 0;
	return 0;
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
	int c = 0;
	if (__atomic_compare_exchange_n(&m->state, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return 0;
	/* Contended: say so (2), then sleep until the holder lets go. */
	if (c != 2)
		c = __atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		futex_wait(&m->state, 2, 0);
		c = __atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE);
	}
	return 0;
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	int c = 0;
	return __atomic_compare_exchange_n(&m->state, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)
	           ? 0
	           : EBUSY;
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	if (__atomic_exchange_n(&m->state, 0, __ATOMIC_RELEASE) == 2)
		futex_wake(&m->state, 1);
	return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
	return __atomic_load_n(&m->state, __ATOMIC_RELAXED) ? EBUSY : 0;
}

/* ------------------------------------------------------- condition variables */

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr)
{
	if (attr)
		return EINVAL;
	c->seq = 0;
	return 0;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	int seq = __atomic_load_n(&c->seq, __ATOMIC_RELAXED);
	pthread_mutex_unlock(m);
	futex_wait(&c->seq, seq, 0); /* returns at once if a signal came meanwhile */
	/* Take the mutex as contended: other woken waiters may sleep on it. */
	while (__atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE) != 0)
		futex_wait(&m->state, 2, 0);
	return 0;
}

int pthread_cond_signal(pthread_cond_t *c)
{
	__atomic_fetch_add(&c->seq, 1, __ATOMIC_RELEASE);
	futex_wake(&c->seq, 1);
	return 0;
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
	__atomic_fetch_add(&c->seq, 1, __ATOMIC_RELEASE);
	futex_wake(&c->seq, WAKE_ALL);
	return 0;
}

int pthread_cond_destroy(pthread_cond_t *c)
{
	(void)c;
	return 0;
}

/* ---------------------------------------------------------------- barriers */

int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *attr, unsigned n)
{
	if (attr || n == 0)
		return EINVAL;
	pthread_mutex_init(&b->lock, 0);
	pthread_cond_init(&b->round_done, 0);
	b->n = n;
	b->count = 0;
	b->round = 0;
	return 0;
}

int pthread_barrier_wait(pthread_barrier_t *b)
{
	pthread_mutex_lock(&b->lock);
	unsigned round = b->round;
	if (++b->count == b->n) {
		b->count = 0;
		b->round++;
		pthread_cond_broadcast(&b->round_done);
		pthread_mutex_unlock(&b->lock);
		return PTHREAD_BARRIER_SERIAL_THREAD;
	}
	while (b->round == round) /* a wakeup may come early: check the round */
		pthread_cond_wait(&b->round_done, &b->lock);
	pthread_mutex_unlock(&b->lock);
	return 0;
}

int pthread_barrier_destroy(pthread_barrier_t *b)
{
	pthread_mutex_lock(&b->lock);
	int busy = b->count != 0;
	pthread_mutex_unlock(&b->lock);
	return busy ? EBUSY : 0;
}

/* ---------------------------------------------------------------- threads */

/* The block of thread tid; table_lock held.  0 if none. */
static struct tcb *find(int tid)
{
	for (int i = 0; i < MAX_THREADS; i++)
		if (threads[i].used && threads[i].tid == tid)
			return &threads[i];
	return 0;
}

static void start(void *arg)
{
	struct tcb *b = arg;
	pthread_mutex_lock(&table_lock);
	b->tid = gettid();
	pthread_mutex_unlock(&table_lock);
	pthread_exit(b->fn(b->arg));
}

int pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	if (attr)
		return EINVAL;
	char *stack = malloc(PTHREAD_STACK_SIZE);
	if (!stack)
		return EAGAIN;
	pthread_mutex_lock(&table_lock);
	struct tcb *b = 0;
	for (int i = 0; i < MAX_THREADS && !b; i++)
		if (!threads[i].used)
			b = &threads[i];
	if (!b) {
		pthread_mutex_unlock(&table_lock);
		free(stack);
		return EAGAIN;
	}
	b->used = 1;
	b->tid = 0;
	b->fn = fn;
	b->arg = arg;
	b->stack = stack;
	b->retval = 0;
	pthread_mutex_unlock(&table_lock);

	int tid = thread_create(start, b, stack + PTHREAD_STACK_SIZE);
	pthread_mutex_lock(&table_lock);
	if (tid < 0) {
		b->used = 0;
		pthread_mutex_unlock(&table_lock);
		free(stack);
		return EAGAIN;
	}
	b->tid = tid;
	pthread_mutex_unlock(&table_lock);
	*t = tid;
	return 0;
}

void pthread_exit(void *retval)
{
	pthread_mutex_lock(&table_lock);
	struct tcb *b = find(gettid());
	if (b)
		b->retval = retval;
	pthread_mutex_unlock(&table_lock);
	thread_exit(0); /* the main thread (no block) waits there for the others */
}

int pthread_join(pthread_t t, void **retval)
{
	pthread_mutex_lock(&table_lock);
	struct tcb *b = find(t);
	pthread_mutex_unlock(&table_lock);
	if (!b)
		return ESRCH;
	while (thread_join(t, 0) < 0)
		if (errno != EINTR) /* a signal's handler ran: wait on */
			return errno;
	pthread_mutex_lock(&table_lock);
	if (retval)
		*retval = b->retval;
	char *stack = b->stack;
	b->used = 0;
	pthread_mutex_unlock(&table_lock);
	free(stack);
	return 0;
}

pthread_t pthread_self(void)
{
	return gettid();
}
