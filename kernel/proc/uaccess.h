/*
 * uaccess.h: the only way the kernel touches user memory.
 *
 * Each helper checks that the whole range lies in the process's user
 * address space with the needed permissions (U, and W for writes), copies
 * through the direct map, and resolves copy-on-write and lazily allocated
 * pages as the user's own access would.  Failure is -E_FAULT, never a trap.
 */
#ifndef KITE_PROC_UACCESS_H
#define KITE_PROC_UACCESS_H

#include "../abi/types.h"
#include "riscv.h"

/* 0, -E_FAULT for an address the user may not access this way, or -E_NOMEM
 * when a lazy or copy-on-write page could not be made (uvm_resolve). */
int copyout(pagetable_t pt, uint64 dstva, const void *src, uint64 len);
int copyin(pagetable_t pt, void *dst, uint64 srcva, uint64 len);
/* Copy a NUL-terminated string of at most max bytes (NUL included); its length. */
int copyinstr(pagetable_t pt, char *dst, uint64 srcva, uint64 max);

/* Could the kernel copy len bytes out to va?  0, -E_FAULT or -E_NOMEM;
 * changes no data (it may map lazy pages and break copy-on-write). */
int user_range_writable(pagetable_t pt, uint64 va, uint64 len);

/* Map now the pages of [va, va+len) the current process may read and
 * that are not mapped yet, so that a copy made under a spin lock (which
 * cannot wait for a file page: proc/vma.h) finds them.  Best effort: a
 * page that cannot be mapped is left for the copy to fail on. */
void user_prefault(uint64 va, uint64 len);

/* To a user address of the current process if user, else to a kernel address. */
int either_copyout(int user, uint64 dst, const void *src, uint64 len);
int either_copyin(int user, void *dst, uint64 src, uint64 len);

#endif
