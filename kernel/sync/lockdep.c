/*
 * lockdep.c: the lock-order checker (lockdep.h), in checking kernels only.
 *
 * The order graph: after[h] has bit c when a lock of class c was taken
 * with one of class h held; edges[] keeps, for each such pair, the
 * backtrace of the first time.  Bits are only ever set, so the fast path
 * (every pair already known) reads them without a lock; a new pair is
 * added under graph_busy after a search for a path back (a cycle).
 *
 * graph_busy guards classes, nclasses, after, edges, nedges and ncycles.
 * It is a bare test-and-set flag taken with interrupts off, not a struct
 * spinlock, since acquire() itself calls in here.  The hold stacks need no
 * lock: a hart's is touched only by that hart with interrupts off, a
 * process's only by that process.  busy[hart] is set while the checker
 * runs on a hart: its own printing takes locks, which are then not
 * checked (but still held and released as usual).
 */
#ifdef KITE_KCHECKS
#include "sync/lockdep.h"
#include "sync/spinlock.h"
#include "arch/riscv/cpu.h"
#include "proc/proc.h"
#include "lib/panic.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "../abi/param.h"

#define LOCKDEP_CLASSES 256 /* distinct (name, kind) pairs */
#define LOCKDEP_WORDS (LOCKDEP_CLASSES / 64)
#define LOCKDEP_EDGES 1024 /* distinct ordered pairs */
/* Locks one hart, or one process, holds at once: a multi-block disk request
 * holds one buffer lock per block (up to VBLK_MAX_SEGS, 64), and a few more
 * are held around it. */
#define LOCKDEP_DEPTH 96
#define LOCKDEP_STACK 10 /* return addresses kept per pair */

struct lockdep_class {
	const char *name;
	enum lockdep_kind kind;
	int id; /* index in classes[] and in the bit maps */
};

struct edge {
	uint16 from, to; /* class ids: `from` was held while `to` was taken */
	int npcs;
	uint64 pcs[LOCKDEP_STACK];
};

struct held {
	const void *lock;
	struct lockdep_class *cls;
};

struct holdstack {
	struct held h[LOCKDEP_DEPTH];
	int n;
};

static volatile uint32 graph_busy;
static struct lockdep_class classes[LOCKDEP_CLASSES];
static int nclasses;
static uint64 after[LOCKDEP_CLASSES][LOCKDEP_WORDS];
static struct edge edges[LOCKDEP_EDGES];
static int nedges;
static int ncycles;
/* The path search's work space (under graph_busy: too big for a kernel stack). */
static int16 came_from[LOCKDEP_CLASSES];
static uint16 queue[LOCKDEP_CLASSES];

static struct holdstack hart_held[NCPU];
static struct holdstack proc_held[NPROC];
static int busy[NCPU];
static volatile int disabled; /* a table overflowed: the checker stopped */

int lockdep_panics = 1;

static void graph_lock(void)
{
	while (__sync_lock_test_and_set(&graph_busy, 1) != 0)
		;
	__sync_synchronize();
}

static void graph_unlock(void)
{
	__sync_synchronize();
	__sync_lock_release(&graph_busy);
}

/* Call with interrupts off and busy set, never under graph_busy. */
static void turn_off(const char *why)
{
	if (!__sync_lock_test_and_set(&disabled, 1))
		printf("lockdep: %s; lock order checking is off\n", why);
}

static int is_after(int h, int c)
{
	return (__atomic_load_n(&after[h][c / 64], __ATOMIC_RELAXED) >> (c % 64)) & 1;
}

static const char *kind_name(enum lockdep_kind k)
{
	return k == LOCKDEP_SLEEP ? " (sleep lock)" : "";
}

static struct lockdep_class *class_of(struct lockdep_class **cache, const char *name,
                                      enum lockdep_kind kind)
{
	struct lockdep_class *c = __atomic_load_n(cache, __ATOMIC_RELAXED);
	if (c)
		return c;
	if (!name)
		name = "(unnamed)";
	graph_lock();
	for (int i = 0; i < nclasses && !c; i++)
		if (classes[i].kind == kind && strcmp(classes[i].name, name) == 0)
			c = &classes[i];
	if (!c && nclasses < LOCKDEP_CLASSES) {
		c = &classes[nclasses];
		c->name = name;
		c->kind = kind;
		c->id = nclasses++;
	}
	graph_unlock();
	if (!c)
		turn_off("too many lock classes");
	else
		__atomic_store_n(cache, c, __ATOMIC_RELAXED); /* every writer stores the same */
	return c;
}

/* Under graph_busy: the classes on a path from class `from` to class `to`
 * (both included) into path[], their number, or 0 if there is none. */
static int find_path(int from, int to, int *path)
{
	for (int i = 0; i < nclasses; i++)
		came_from[i] = -1;
	int head = 0, tail = 0;
	queue[tail++] = from;
	came_from[from] = from;
	while (head < tail) {
		int x = queue[head++];
		if (x == to) {
			int n = 0;
			for (int y = to; y != from; y = came_from[y])
				path[n++] = y;
			path[n++] = from;
			for (int i = 0; i < n / 2; i++) { /* reversed: from first */
				int t = path[i];
				path[i] = path[n - 1 - i];
				path[n - 1 - i] = t;
			}
			return n;
		}
		for (int y = 0; y < nclasses; y++)
			if (came_from[y] < 0 && is_after(x, y)) {
				came_from[y] = x;
				queue[tail++] = y;
			}
	}
	return 0;
}

static const struct edge *edge_between(int from, int to)
{
	for (int i = 0; i < nedges; i++)
		if (edges[i].from == from && edges[i].to == to)
			return &edges[i];
	return 0;
}

/* The classes are only added to, and edges[0..nedges) never change once
 * written, so the report reads them after dropping graph_busy. */
static void report(struct lockdep_class *h, struct lockdep_class *k, const int *path, int n,
                   const uint64 *pcs, int npcs)
{
	printf("lockdep: lock order cycle: taking '%s'%s while holding '%s'%s\n", k->name,
	       kind_name(k->kind), h->name, kind_name(h->kind));
	printf("lockdep: this order ('%s' then '%s') is taken here:\n", h->name, k->name);
	backtrace_print(pcs, npcs);
	printf("lockdep: but the other order was taken before:\n");
	for (int i = 0; i + 1 < n; i++) {
		const struct edge *e = edge_between(path[i], path[i + 1]);
		printf("lockdep: '%s'%s then '%s'%s, first here:\n", classes[path[i]].name,
		       kind_name(classes[path[i]].kind), classes[path[i + 1]].name,
		       kind_name(classes[path[i + 1]].kind));
		backtrace_print(e->pcs, e->npcs);
	}
	if (lockdep_panics)
		panic("lockdep: lock order cycle between '%s' and '%s'", h->name, k->name);
}

/* Holding a lock of class h, this context takes one of class k, a pair
 * not seen before. */
static void add_edge(struct lockdep_class *h, struct lockdep_class *k)
{
	/* Filled under graph_busy and read by the report after it: two harts
	 * finding cycles at once could mix them, but the first report panics. */
	static int path[LOCKDEP_CLASSES];
	uint64 pcs[LOCKDEP_STACK];
	int npcs = backtrace_save(r_fp(), pcs, LOCKDEP_STACK);
	graph_lock();
	if (is_after(h->id, k->id)) { /* another hart added it meanwhile */
		graph_unlock();
		return;
	}
	int n = find_path(k->id, h->id, path);
	if (n > 0) {
		/* Not added: the graph stays acyclic, and the pair reports again. */
		ncycles++;
		graph_unlock();
		report(h, k, path, n, pcs, npcs);
		return;
	}
	if (nedges == LOCKDEP_EDGES) {
		graph_unlock();
		turn_off("too many lock order pairs");
		return;
	}
	struct edge *e = &edges[nedges];
	e->from = h->id;
	e->to = k->id;
	e->npcs = npcs;
	memmove(e->pcs, pcs, sizeof(pcs));
	__atomic_fetch_or(&after[h->id][k->id / 64], 1UL << (k->id % 64), __ATOMIC_RELAXED);
	nedges++;
	graph_unlock();
}

static void check_against(struct holdstack *s, struct lockdep_class *k)
{
	for (int i = 0; i < s->n; i++) {
		struct lockdep_class *h = s->h[i].cls;
		if (h != k && !is_after(h->id, k->id))
			add_edge(h, k);
	}
}

/* The sleep locks that count for this context, or 0: a process's, unless
 * this is an interrupt handler (interrupts were off before the outermost
 * push_off: a handler runs on top of a process but never waits for its
 * sleep locks).  Call with interrupts off. */
static struct holdstack *proc_stack(struct cpu *c)
{
	return c->proc && c->intena ? &proc_held[c->proc - proc] : 0;
}

void lockdep_check(struct lockdep_class **cls, const char *name, enum lockdep_kind kind)
{
	push_off();
	int me = cpuid();
	if (disabled || busy[me] || panicking) {
		pop_off();
		return;
	}
	busy[me] = 1;
	struct lockdep_class *k = class_of(cls, name, kind);
	if (k) {
		check_against(&hart_held[me], k);
		struct holdstack *ps = proc_stack(mycpu());
		if (ps)
			check_against(ps, k);
	}
	busy[me] = 0;
	pop_off();
}

static struct holdstack *stack_for(enum lockdep_kind kind)
{
	struct cpu *c = mycpu();
	if (kind == LOCKDEP_SPIN)
		return &hart_held[cpuid()];
	KASSERT(c->proc); /* sleep locks are taken only by processes */
	return &proc_held[c->proc - proc];
}

void lockdep_hold(const void *lock, struct lockdep_class *cls, enum lockdep_kind kind)
{
	if (!cls)
		return; /* never checked (the checker was busy or off): not tracked */
	push_off();
	struct holdstack *s = stack_for(kind);
	if (s->n < LOCKDEP_DEPTH) {
		s->h[s->n].lock = lock;
		s->h[s->n].cls = cls;
		s->n++;
	} else if (!disabled && !busy[cpuid()]) {
		busy[cpuid()] = 1;
		printf("lockdep: '%s' is the %dth lock held, after:", cls->name, LOCKDEP_DEPTH + 1);
		for (int i = 0; i < s->n; i++)
			printf(" '%s'", s->h[i].cls->name);
		printf("\n");
		turn_off("too many locks held at once");
		busy[cpuid()] = 0;
	}
	pop_off();
}

void lockdep_unhold(const void *lock, enum lockdep_kind kind)
{
	push_off();
	struct holdstack *s = stack_for(kind);
	for (int i = s->n - 1; i >= 0; i--)
		if (s->h[i].lock == lock) {
			memmove(&s->h[i], &s->h[i + 1], (s->n - 1 - i) * sizeof(s->h[0]));
			s->n--;
			break;
		}
	pop_off();
}

int lockdep_cycles(void)
{
	return __atomic_load_n(&ncycles, __ATOMIC_RELAXED);
}
#endif
