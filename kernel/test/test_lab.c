/* test_lab.c: the 6.1810 lab pieces that need no user process: vm_leaf,
 * the lock statistics and the reader/writer spinlock on one hart. */
#include "test/ktest.h"
#include "mm/vm.h"
#include "mm/kvm.h"
#include "sync/spinlock.h"
#include "sync/lockstat.h"
#include "sync/rwlock.h"
#include "arch/riscv/cpu.h"
#include "memlayout.h"
#include "lib/errno.h"
#include "lib/string.h"

/* vm_leaf finds leaves at any level and nothing where nothing is mapped. */
KTEST(lab_vm_leaf)
{
	extern char kernel_start[];
	pte_t text = vm_leaf(kernel_pagetable, (vaddr_t)kernel_start);
	KT_CHECK((text & PTE_V) && (text & PTE_X) && !(text & PTE_W));
	KT_CHECK(PTE2PA(text) <= (paddr_t)kernel_start);
	KT_CHECK(vm_leaf(kernel_pagetable, KTEST_VA) == 0);
	KT_CHECK(vm_leaf(kernel_pagetable, MAXVA) == 0);
	KT_CHECK(vm_leaf(kernel_pagetable, 0) == 0);
}

static uint64 class_acquires(const struct lockstat *c)
{
	uint64 n = 0;
	for (int h = 0; h < NCPU; h++)
		n += c->hart[h].acquires;
	return n;
}

/* Every acquire counts in its lock's class; one class per name; a short buffer is ERANGE. */
KTEST(lab_lockstat)
{
	struct spinlock a, b;
	spin_init(&a, "ktest lockstat");
	spin_init(&b, "ktest lockstat");
	KT_CHECK(a.stat && a.stat == b.stat);
	uint64 before = class_acquires(a.stat);
	for (int i = 0; i < 3; i++) {
		acquire(&a);
		release(&a);
	}
	acquire(&b);
	release(&b);
	KT_CHECK(class_acquires(a.stat) == before + 4);
	static char report[8192];
	int len = lockstat_report(report, sizeof(report));
	KT_CHECK(len > 0 && (uint64)len == strlen(report));
	KT_CHECK(strncmp(report, "lock statistics: tot= ", 22) == 0);
	KT_CHECK(lockstat_report(report, 40) == -E_RANGE);
	KT_CHECK(lockstat_report(report, 0) == -E_RANGE);
}

/* Readers share, a writer is alone, and each keeps interrupts off. */
KTEST(lab_rwlock_basic)
{
	struct rwspinlock lk;
	rw_init(&lk, "ktest rwlock");
	read_acquire(&lk);
	read_acquire(&lk);
	KT_CHECK(lk.state == 2 && !intr_get());
	read_release(&lk);
	read_release(&lk);
	KT_CHECK(lk.state == 0);
	write_acquire(&lk);
	KT_CHECK(lk.state == RW_WRITER && lk.writers_waiting == 0 && !intr_get());
	write_release(&lk);
	KT_CHECK(lk.state == 0);
}
