/*
 * ph: a hash table filled and read by several threads at once (the
 * thread lab's exercise, written for Kite).
 *
 * Each of N threads puts its share of NKEYS keys into a chained hash
 * table, then (after a barrier) every thread looks up every key and
 * counts those it cannot find.  With a mutex per bucket (the default) no
 * key is lost; with -u the puts are unlocked and two threads inserting
 * into one bucket at once can lose a key, which is what the exercise
 * shows.  The kernel runs the threads on every hart at once.
 *
 * usage: ph [-u] [nthreads]
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"
#include "user/pthread.h"

#define NBUCKET 7
#define NKEYS 20000
#define MAX_THREADS 8
#define LCG_SEED 12345u
#define LCG_MUL 1103515245u
#define LCG_ADD 12345u

struct entry {
	int key;
	int value;
	struct entry *next;
};

static struct entry *table[NBUCKET];
static pthread_mutex_t bucket_lock[NBUCKET];
static int keys[NKEYS];
static int nthreads = 2, unlocked;
static int missing[MAX_THREADS];
static pthread_barrier_t between;

static void put(int key, int value)
{
	int b = key % NBUCKET;
	struct entry *e = malloc(sizeof(*e));
	if (!e) {
		fprintf(2, "ph: out of memory\n");
		exit(1);
	}
	e->key = key;
	e->value = value;
	if (!unlocked)
		pthread_mutex_lock(&bucket_lock[b]);
	e->next = table[b];
	/* A window for another unlocked put to the same bucket to slip in. */
	for (volatile int spin = 0; unlocked && spin < 20; spin++)
		;
	table[b] = e;
	if (!unlocked)
		pthread_mutex_unlock(&bucket_lock[b]);
}

/* Reads need no lock once every put is done (the barrier). */
static struct entry *get(int key)
{
	for (struct entry *e = table[key % NBUCKET]; e; e = e->next)
		if (e->key == key)
			return e;
	return 0;
}

static void *worker(void *arg)
{
	int me = (int)(uint64)arg;
	int share = NKEYS / nthreads;
	for (int i = me * share; i < (me + 1) * share; i++)
		put(keys[i], me);
	pthread_barrier_wait(&between);
	for (int i = 0; i < share * nthreads; i++)
		if (!get(keys[i]))
			missing[me]++;
	return 0;
}

int main(int argc, char *argv[])
{
	int i = 1;
	if (i < argc && strcmp(argv[i], "-u") == 0) {
		unlocked = 1;
		i++;
	}
	if (i < argc)
		nthreads = atoi(argv[i++]);
	if (i != argc || nthreads < 1 || nthreads > MAX_THREADS) {
		fprintf(2, "usage: ph [-u] [nthreads]   (1..%d threads)\n", MAX_THREADS);
		exit(2);
	}
	for (int b = 0; b < NBUCKET; b++)
		pthread_mutex_init(&bucket_lock[b], 0);
	pthread_barrier_init(&between, 0, nthreads);
	/* Keys from a linear congruential generator, made distinct by k: the
	 * count of missing keys matters, not the values. */
	uint seed = LCG_SEED;
	for (int k = 0; k < NKEYS; k++) {
		seed = seed * LCG_MUL + LCG_ADD;
		keys[k] = (int)(seed >> 1) ^ k;
	}

	pthread_t t[MAX_THREADS];
	int t0 = uptime();
	for (int k = 0; k < nthreads; k++)
		if (pthread_create(&t[k], 0, worker, (void *)(uint64)k) != 0) {
			fprintf(2, "ph: cannot create thread %d\n", k);
			exit(1);
		}
	for (int k = 0; k < nthreads; k++)
		pthread_join(t[k], 0);
	int lost = 0;
	for (int k = 0; k < nthreads; k++)
		lost += missing[k];
	printf("ph: %d threads, %d puts, %s: %d keys missing (%d ticks)\n", nthreads,
	       NKEYS / nthreads * nthreads, unlocked ? "unlocked" : "locked", lost / nthreads,
	       uptime() - t0);
	exit(0);
}
