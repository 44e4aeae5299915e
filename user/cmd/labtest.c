/*
 * labtest: checks of the 6.1810 lab features, one per argument, for
 * grade/test_lab.py.  Each prints "NAME: ok" when its checks pass, or
 * "NAME: FAIL what" for the first that does not, and exits 0 or 1.
 */
#include "kernel/types.h"
#include "kernel/memlayout.h"
#include "kernel/riscv.h"
#include "kernel/vm.h"
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

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "usyscall", t_usyscall },
	{ "pgpte", t_pgpte },
	{ "kpgtbl", t_kpgtbl },
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
