/*
 * sys_lab.c: the system calls of MIT 6.1810's labs that look at the
 * kernel's own structures: pgpte and kpgtbl (the pgtbl lab).
 */
#include "syscall/syscall.h"
#include "proc/proc.h"
#include "proc/uvm.h"

/* uint64 pgpte(void *va): the caller's leaf PTE for va, 0 if none. */
int64 sys_pgpte(void)
{
	return uvm_pte(myproc()->pagetable, arg_addr(0));
}

/* void kpgtbl(void): print the caller's page table on the console. */
int64 sys_kpgtbl(void)
{
	uvm_print(myproc()->pagetable);
	return 0;
}
