/*
 * barrier: N threads pass a barrier many times (the thread lab's
 * exercise, written for Kite, on the library's pthread_barrier).
 *
 * In round r every thread adds one to arrived[r % 2] before the barrier;
 * after it, each checks that all N have arrived (nobody got through
 * early) and that round's counter of the other parity was cleared by the
 * round's serial thread before anyone could add to it again.  A thread
 * that sees the invariant broken says so and the program fails.
 *
 * usage: barrier [nthreads [rounds]]
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"
#include "user/pthread.h"

#define MAX_THREADS 8
#define DEFAULT_ROUNDS 2000

static pthread_barrier_t bar;
static int nthreads = 3, rounds = DEFAULT_ROUNDS;
static volatile int arrived[2];
static volatile int broken;

static void *worker(void *arg)
{
	(void)arg;
	for (int r = 0; r < rounds && !broken; r++) {
		__atomic_fetch_add(&arrived[r % 2], 1, __ATOMIC_SEQ_CST);
		int serial = pthread_barrier_wait(&bar) == PTHREAD_BARRIER_SERIAL_THREAD;
		if (arrived[r % 2] != nthreads) {
			printf("barrier: round %d: %d of %d threads arrived\n", r, arrived[r % 2],
			       nthreads);
			broken = 1;
		}
		/* The serial thread clears the other counter, which no thread
		 * touches until the next round, after one more barrier. */
		if (serial)
			arrived[(r + 1) % 2] = 0;
		pthread_barrier_wait(&bar);
	}
	return 0;
}

int main(int argc, char *argv[])
{
	if (argc > 1)
		nthreads = atoi(argv[1]);
	if (argc > 2)
		rounds = atoi(argv[2]);
	if (argc > 3 || nthreads < 1 || nthreads > MAX_THREADS || rounds < 1) {
		fprintf(2, "usage: barrier [nthreads [rounds]]   (1..%d threads)\n", MAX_THREADS);
		exit(2);
	}
	pthread_barrier_init(&bar, 0, nthreads);
	pthread_t t[MAX_THREADS];
	for (int k = 0; k < nthreads; k++)
		if (pthread_create(&t[k], 0, worker, 0) != 0) {
			fprintf(2, "barrier: cannot create thread %d\n", k);
			exit(1);
		}
	for (int k = 0; k < nthreads; k++)
		pthread_join(t[k], 0);
	if (broken) {
		printf("barrier: FAIL\n");
		exit(1);
	}
	printf("barrier: OK, %d threads, %d rounds\n", nthreads, rounds);
	exit(0);
}
