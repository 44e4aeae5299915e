/*
 * pthread.h: a small POSIX threads subset for Kite (user/lib/pthread.c),
 * built on the kernel's threads and futexes (user/kite.h).
 *
 * Threads: pthread_create, pthread_join, pthread_exit, pthread_self.  A
 * pthread_t is the thread's id (gettid()).  Every thread gets a stack of
 * PTHREAD_STACK_SIZE bytes from malloc, freed by its join.
 * Mutexes sleep in the kernel (futex_wait) when contended and make no
 * system call when not; condition variables and barriers are built on
 * them.  Attributes are not supported: every attr argument must be 0.
 * The functions return 0 or an error number (EINVAL, EBUSY, ESRCH,
 * EAGAIN), as POSIX has them, not -1.
 *
 * Not here: thread-local storage, cancellation, detached threads, signals
 * aimed at one thread, recursive or error-checking mutexes.
 */
#ifndef KITE_USER_PTHREAD_H
#define KITE_USER_PTHREAD_H

#define PTHREAD_STACK_SIZE (32 * 1024)
#define PTHREAD_BARRIER_SERIAL_THREAD (-1) /* what one thread of each round gets */

typedef int pthread_t;
typedef struct pthread_attr pthread_attr_t; /* never defined: pass 0 */
typedef struct pthread_mutexattr pthread_mutexattr_t;
typedef struct pthread_condattr pthread_condattr_t;
typedef struct pthread_barrierattr pthread_barrierattr_t;

/* state: 0 free, 1 held, 2 held and maybe waited for (the futex word). */
typedef struct {
	int state;
} pthread_mutex_t;
#define PTHREAD_MUTEX_INITIALIZER                                                                  \
	{                                                                                          \
		0                                                                                  \
	}

/* seq: bumped by every signal and broadcast (the futex word). */
typedef struct {
	int seq;
} pthread_cond_t;
#define PTHREAD_COND_INITIALIZER                                                                   \
	{                                                                                          \
		0                                                                                  \
	}

typedef struct {
	pthread_mutex_t lock;
	pthread_cond_t round_done;
	unsigned n;     /* threads per round */
	unsigned count; /* arrived in this round */
	unsigned round; /* rounds completed */
} pthread_barrier_t;

int pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg);
int pthread_join(pthread_t t, void **retval);
void pthread_exit(void *retval) __attribute__((noreturn));
pthread_t pthread_self(void);

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr);
int pthread_mutex_lock(pthread_mutex_t *m);
int pthread_mutex_trylock(pthread_mutex_t *m); /* EBUSY if held */
int pthread_mutex_unlock(pthread_mutex_t *m);
int pthread_mutex_destroy(pthread_mutex_t *m); /* EBUSY if held */

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr);
int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m);
int pthread_cond_signal(pthread_cond_t *c);
int pthread_cond_broadcast(pthread_cond_t *c);
int pthread_cond_destroy(pthread_cond_t *c);

int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *attr, unsigned n);
int pthread_barrier_wait(pthread_barrier_t *b); /* 0, or PTHREAD_BARRIER_SERIAL_THREAD */
int pthread_barrier_destroy(pthread_barrier_t *b);

#endif
