/*
 * labtest: checks of the 6.1810 lab features, one per argument, for
 * grade/test_lab.py.  Each prints "NAME: ok" when its checks pass, or
 * "NAME: FAIL what" for the first that does not, and exits 0 or 1.
 */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/stat.h"
#include "kernel/sysinfo.h"
#include "kernel/memlayout.h"
#include "kernel/riscv.h"
#include "kernel/vm.h"
#include "kernel/syscall.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/kite.h"

static const char *current;

static void failed(const char *what)
{
	printf("%s: FAIL %s\n", current, what);
	exit(1);
}

#define EXPECT(cond)                                                                               \
	do {                                                                                       \
		if (!(cond))                                                                       \
			failed(#cond);                                                             \
	} while (0)

/* The status a child reports to wait. */
static int child_status(int pid)
{
	int st = 0;
	EXPECT(pid > 0);
	EXPECT(wait(&st) == pid);
	return st;
}

/* ugetpid reads the shared page in the parent and in a child; the page is read-only. */
static void t_usyscall(void)
{
	EXPECT(ugetpid() == getpid());
	int pid = fork();
	if (pid == 0)
		exit(ugetpid() == getpid() ? 0 : 1);
	EXPECT(child_status(pid) == 0);
	pid = fork();
	if (pid == 0) {
		((volatile struct usyscall *)USYSCALL)->pid = 1; /* must fault */
		exit(0);
	}
	EXPECT(child_status(pid) == -1);
	EXPECT(ugetpid() == getpid());
}

/* pgpte: the leaf PTEs of text, the heap and USYSCALL; kernel addresses are refused. */
static void t_pgpte(void)
{
	uint64 text = pgpte((void *)(uint64)t_pgpte);
	EXPECT((text & PTE_V) && (text & PTE_U) && (text & PTE_X) && !(text & PTE_W));
	uint64 us = pgpte((void *)USYSCALL);
	EXPECT((us & PTE_V) && (us & PTE_U) && (us & PTE_R) && !(us & PTE_W));
	EXPECT(pgpte((void *)(USYSCALL + PGSIZE / 2)) == us);
	EXPECT(pgpte((void *)(TRAPFRAME - 10 * PGSIZE)) == 0);
	char *lazy = sbrklazy(PGSIZE);
	EXPECT(lazy != SBRK_ERROR && pgpte(lazy) == 0); /* not touched yet */
	*lazy = 1;
	uint64 heap = pgpte(lazy);
	EXPECT((heap & PTE_V) && (heap & PTE_W) && (heap & PTE_U));
	errno = 0;
	EXPECT(pgpte((void *)KERNBASE) == (uint64)-1 && errno == EFAULT);
	EXPECT(pgpte((void *)(MAXVA)) == (uint64)-1 && errno == EFAULT);
	EXPECT(pgpte((void *)-1L) == (uint64)-1);
}

/* kpgtbl: the table in the lab's format (grade/test_lab.py reads it). */
static void t_kpgtbl(void)
{
	kpgtbl();
}

/* Does open(path) succeed?  (Closing what it opened.) */
static int opens(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd >= 0)
		close(fd);
	return fd >= 0;
}

/* Each part runs in a child, which the sandbox binds for the rest of its life. */
static void in_child(void (*fn)(void))
{
	int pid = fork();
	if (pid == 0) {
		fn();
		exit(0);
	}
	if (child_status(pid) != 0)
		exit(1); /* the child printed why */
}

static void sandbox_basic(void)
{
	EXPECT(interpose(1 << SYS_getpid, "-") == 0);
	errno = 0;
	EXPECT(getpid() == -1 && errno == EPERM);
	EXPECT(ugetpid() > 0); /* no system call: not the sandbox's business */
	/* Inherited by fork... */
	int pid = fork();
	if (pid == 0)
		exit(getpid() == -1 ? 0 : 1);
	EXPECT(child_status(pid) == 0);
	/* ...and kept by exec: mkdir fails in the program run. */
	EXPECT(interpose(1 << SYS_mkdir, "-") == 0);
	pid = fork();
	if (pid == 0) {
		char *argv[] = {"mkdir", "sandbox_dir", 0};
		exec("/mkdir", argv);
		exit(2);
	}
	EXPECT(child_status(pid) == 1);
	struct stat st;
	EXPECT(stat("sandbox_dir", &st) < 0);
}

static void sandbox_path(void)
{
	EXPECT(opens("README") && opens("README.md"));
	EXPECT(interpose((1 << SYS_open) | (1 << SYS_exec), "README") == 0);
	EXPECT(opens("README"));
	errno = 0;
	EXPECT(!opens("README.md") && errno == EPERM);
	char *argv[] = {"echo", 0};
	errno = 0;
	EXPECT(exec("/echo", argv) == -1 && errno == EPERM);
}

/* Every attempt to lift a restriction leaves it in place. */
static void sandbox_lift(void)
{
	EXPECT(interpose(1 << SYS_open, "README") == 0);
	EXPECT(interpose(0, "-") == 0);
	EXPECT(!opens("README.md") && opens("README"));
	/* Another allowed path narrows: now neither is allowed. */
	EXPECT(interpose(1 << SYS_open, "README.md") == 0);
	EXPECT(!opens("README.md") && !opens("README"));
	EXPECT(interpose(1 << SYS_open, "README") == 0);
	EXPECT(!opens("README"));
}

static void sandbox_bad(void)
{
	errno = 0;
	EXPECT(interpose(1 << SYS_open, (const char *)0x12345678000L) == -1 && errno == EFAULT);
	EXPECT(opens("README")); /* the failed call added nothing */
	EXPECT(interpose(1 << SYS_open, "a") == 0 && interpose(1 << SYS_open, "b") == 0);
	EXPECT(interpose(1 << SYS_open, "c") == 0 && interpose(1 << SYS_open, "d") == 0);
	errno = 0;
	EXPECT(interpose(1 << SYS_open, "e") == -1 && errno == ENOSPC);
	EXPECT(interpose(1 << SYS_open, "a") == 0); /* a path it has is fine */
	EXPECT(!opens("README"));
}

static void t_interpose(void)
{
	in_child(sandbox_basic);
	in_child(sandbox_path);
	in_child(sandbox_lift);
	in_child(sandbox_bad);
	EXPECT(getpid() > 0 && opens("README")); /* the parent was never bound */
}

static int harts(void)
{
	struct kstats ks;
	EXPECT(kstats(&ks) == 0 && ks.ncpu > 0);
	return ks.ncpu;
}

/* The hart ids cpupin accepts (QEMU's start at 0, but a hart may be
 * slow to start, or never start, on a loaded host): their count. */
static int pinnable(int ids[NCPU])
{
	int n = 0;
	for (int h = NCPU - 1; h >= 0; h--)
		if (cpupin(h) == 0)
			ids[n++] = h;
		else
			EXPECT(errno == EINVAL);
	EXPECT(cpupin(-1) == 0);
	return n;
}

/* cpupin: every running hart, and back to any; a missing hart is EINVAL. */
static void t_cpupin(void)
{
	int ids[NCPU];
	int n = pinnable(ids);
	EXPECT(n == harts());
	errno = 0;
	EXPECT(cpupin(NCPU) == -1 && errno == EINVAL);
	EXPECT(cpupin(1000) == -1 && cpupin(-2) == -1);
	/* A pinned parent's child is pinned there too, and runs. */
	EXPECT(cpupin(ids[0]) == 0);
	int pid = fork();
	if (pid == 0)
		exit(7);
	int st;
	EXPECT(wait(&st) == pid && st == 7);
	EXPECT(cpupin(-1) == 0);
}

static void t_rwlock(void)
{
	EXPECT(rwlktest() == 0);
}

static char report[8192];

/* Is word somewhere in text? */
static int contains(const char *text, const char *word)
{
	for (int n = strlen(word); *text; text++)
		if (strncmp(text, word, n) == 0)
			return 1;
	return 0;
}

/* The total after the report's first '=' and a space. */
static int report_total(void)
{
	EXPECT(statistics(report, sizeof(report)) > 0);
	char *eq = strchr(report, '=');
	EXPECT(eq && eq[1] == ' ' && eq[2] >= '0' && eq[2] <= '9');
	return atoi(eq + 2);
}

/* statistics: the lab's format; a buffer too small or not ours is refused. */
static void t_statistics(void)
{
	int len = statistics(report, sizeof(report));
	EXPECT(len > 0 && (uint)len == strlen(report));
	EXPECT(contains(report, "lock: page pool: #test-and-set ") &&
	       contains(report, "lock: proc: #test-and-set ") &&
	       contains(report, "--- top 5 contended"));
	report_total();
	char small[16];
	errno = 0;
	EXPECT(statistics(small, sizeof(small)) == -1 && errno == ERANGE);
	EXPECT(statistics(report, 0) == -1);
	errno = 0;
	EXPECT(statistics((void *)0x12345678000L, sizeof(report)) == -1 && errno == EFAULT);
}

#define KALLOC_ROUNDS 200
#define KALLOC_PAGES 32

/* The lock lab's check: every hart allocating and freeing pages at once
 * spins fewer than 10 times in all on the allocator's locks. */
static void t_kalloc(void)
{
	int ids[NCPU];
	int n = pinnable(ids);
	int before = report_total();
	for (int h = 0; h < n; h++) {
		int pid = fork();
		EXPECT(pid >= 0);
		if (pid == 0) {
			if (cpupin(ids[h]) < 0)
				exit(1);
			for (int r = 0; r < KALLOC_ROUNDS; r++) {
				char *p = sbrk(KALLOC_PAGES * PGSIZE);
				if (p == SBRK_ERROR)
					exit(1);
				for (int i = 0; i < KALLOC_PAGES; i++)
					p[i * PGSIZE] = r;
				if (sbrk(-KALLOC_PAGES * PGSIZE) == SBRK_ERROR)
					exit(1);
			}
			exit(0);
		}
	}
	for (int h = 0; h < n; h++) {
		int st;
		EXPECT(wait(&st) > 0 && st == 0);
	}
	int spins = report_total() - before;
	printf("kalloc: %d harts, %d spins on the allocator's locks\n", n, spins);
	EXPECT(spins < 10);
}

#define SUPER_SPAN (8 * 1024 * 1024) /* the lab's superpage test grows by 8 MiB */
#define SUPER_TABLES 8               /* page-table pages the growth may leave */

/* Is [va, va + SUPERPGSIZE) one 2 MiB leaf (the same PTE for every page)? */
static int one_leaf(char *va)
{
	uint64 pte = pgpte(va);
	if (!(pte & PTE_V))
		return 0;
	for (uint64 off = PGSIZE; off < SUPERPGSIZE; off += PGSIZE)
		if (pgpte(va + off) != pte)
			return 0;
	return 1;
}

static uint64 free_bytes(void)
{
	struct sysinfo si;
	EXPECT(sysinfo(&si) == 0);
	return si.freemem;
}

/* A word per page, different in every page and every round. */
static void fill(char *lo, char *hi, int round)
{
	for (char *p = lo; p < hi; p += PGSIZE)
		*(uint64 *)p = (uint64)p * 31 + round;
}

static int holds(char *lo, char *hi, int round)
{
	for (char *p = lo; p < hi; p += PGSIZE)
		if (*(uint64 *)p != (uint64)p * 31 + round)
			return 0;
	return 1;
}

/* Superpages: an eager sbrk over whole 2 MiB ranges maps them with 2 MiB
 * leaves; fork shares them copy-on-write; shrinking splits one without
 * losing data; freeing gives the memory back. */
static void t_superpg(void)
{
	uint64 free0 = free_bytes();
	char *start = sbrk(SUPER_SPAN);
	EXPECT(start != SBRK_ERROR);
	char *end = start + SUPER_SPAN;
	char *s = (char *)SUPERPGROUNDUP((uint64)start);
	EXPECT(s + 2 * SUPERPGSIZE <= end);
	int leaves = 0;
	for (char *p = s; p + SUPERPGSIZE <= end; p += SUPERPGSIZE)
		leaves += one_leaf(p);
	EXPECT(leaves >= 2);
	EXPECT(!one_leaf(s - SUPERPGSIZE)); /* the unaligned head is 4 KiB pages */
	fill(start, end, 1);
	EXPECT(holds(start, end, 1));

	/* Fork: the child sees the same data, and its writes stay its own. */
	int pid = fork();
	if (pid == 0) {
		if (!holds(start, end, 1))
			exit(1);
		fill(s, s + SUPERPGSIZE, 2);
		exit(holds(s, s + SUPERPGSIZE, 2) && holds(s + SUPERPGSIZE, end, 1) ? 0 : 1);
	}
	EXPECT(child_status(pid) == 0);
	EXPECT(holds(start, end, 1) && one_leaf(s));
	fill(s, s + SUPERPGSIZE, 3); /* the parent writes after the child left: reused */
	EXPECT(holds(s, s + SUPERPGSIZE, 3) && one_leaf(s));
	fill(s, s + SUPERPGSIZE, 1);

	/* Shrink into the last superpage: it splits, the rest keeps its data. */
	char *last = (char *)SUPERPGROUNDDOWN((uint64)end);
	if (last + SUPERPGSIZE > end)
		last -= SUPERPGSIZE;
	char *cut = last + SUPERPGSIZE / 2 + PGSIZE;
	EXPECT(one_leaf(last));
	EXPECT(sbrk(-(end - cut)) == end);
	EXPECT(!one_leaf(last) && pgpte(last) != 0 && pgpte(cut) == 0);
	EXPECT(holds(start, cut, 1));

	/* Freeing it all gives every page back (but the page tables, kept
	 * until exit) and every block to the reserve: the next run finds them. */
	EXPECT(sbrk(-(cut - start)) == cut);
	EXPECT(free_bytes() <= free0 && free0 - free_bytes() <= SUPER_TABLES * PGSIZE);
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
    {"usyscall", t_usyscall},     {"pgpte", t_pgpte},   {"kpgtbl", t_kpgtbl},
    {"interpose", t_interpose},   {"cpupin", t_cpupin}, {"rwlock", t_rwlock},
    {"statistics", t_statistics}, {"kalloc", t_kalloc}, {"superpg", t_superpg},
};

int main(int argc, char *argv[])
{
	if (argc < 2) {
		fprintf(2, "usage: labtest TEST...\n");
		exit(2);
	}
	for (int i = 1; i < argc; i++) {
		uint k;
		for (k = 0; k < sizeof(tests) / sizeof(tests[0]); k++)
			if (strcmp(argv[i], tests[k].name) == 0)
				break;
		if (k == sizeof(tests) / sizeof(tests[0])) {
			fprintf(2, "labtest: no test %s\n", argv[i]);
			exit(2);
		}
		current = tests[k].name;
		tests[k].fn();
		printf("%s: ok\n", current);
	}
	exit(0);
}
