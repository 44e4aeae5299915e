/*
 * uvm.h: user address spaces.
 *
 * Layout (memlayout.h): [0, p->sz) holds text, data, the stack guard, the
 * stack and the heap (text and data paged in on first touch, through
 * vma_fault: proc/execmap.h); [MMAP_BASE, MMAP_TOP) the memory mappings (proc/vma.h,
 * whose pages uvm_resolve maps through vma_fault); USYSCALL (read-only for the user), TRAPFRAME and
 * TRAMPOLINE sit at the top.  Every user
 * page has PTE_U; text is R-X, everything else RW- (W^X).
 *
 * Copy-on-write: fork shares every writable page read-only with PTE_COW
 * set and a page reference per holder.  The first write (by the user, or
 * by copyout) copies the page, or just takes it back writable when the
 * writer is the last holder.
 *
 * Lazy heap: sbrk(n, SBRK_LAZY) only moves p->sz; a page inside
 * [heap_start, sz) that is not mapped yet is zero-filled on first touch.
 * SBRK_EAGER maps the pages at once (uvm_grow).
 *
 * Superpages (the pgtbl lab's): uvm_grow maps each whole 2 MiB-aligned
 * range it covers with one level-1 leaf while the page allocator's reserve
 * has blocks (mm/page.h).  Fork shares one copy-on-write like a page; the
 * first write reuses, copies or (no block free) splits it.  Shrinking
 * through one splits it into 4 KiB pages first, keeping the data.
 */
#ifndef KITE_PROC_UVM_H
#define KITE_PROC_UVM_H

#include "../abi/types.h"
#include "riscv.h"
#include "lib/addr.h"
#include "sync/spinlock.h"

struct proc;
struct trapframe;
struct usyscall;

/* A page table with only the trampoline, the trap frame and (unless us is 0)
 * the shared system-call page mapped.  The table does not own tf or us. */
pagetable_t uvm_create(struct trapframe *tf, struct usyscall *us);
/* Free a user page table: pages of [0, sz) and of the mmap region, then the tables. */
void uvm_destroy(pagetable_t pt, uint64 sz);
/* Map fresh zeroed pages over [oldsz, newsz) with perm; newsz or a negative error. */
int64 uvm_grow(pagetable_t pt, uint64 oldsz, uint64 newsz, uint64 perm);
/* Unmap [newsz, oldsz) (pages that are mapped), returning the new size;
 * -E_NOMEM if a superpage it cuts could not be split (nothing changed). */
int64 uvm_shrink(pagetable_t pt, uint64 oldsz, uint64 newsz);
/* Share [0, sz) of parent with child copy-on-write; 0 or -E_NOMEM. */
int uvm_share_cow(pagetable_t parent, pagetable_t child, uint64 sz);
/* Drop the 4 KiB pages mapped in [lo, hi) (page aligned, no superpage
 * inside: the mmap region); the caller flushes the TLB. */
void uvm_unmap(pagetable_t pt, uint64 lo, uint64 hi);
/* Share the pages mapped in [lo, hi) of parent with child: as they are
 * (shared mappings), or copy-on-write if cow.  0 or -E_NOMEM (pages
 * shared so far stay in child's table for uvm_destroy). */
int uvm_share_range(pagetable_t parent, pagetable_t child, uint64 lo, uint64 hi, int cow);
/* Make va's page unreadable for the user (the stack guard). */
void uvm_clear_user(pagetable_t pt, uint64 va);

/*
 * The one place that decides whether a user access to va is allowed and
 * makes it possible: it maps a lazy heap page or a mapping's page on first
 * touch, breaks copy-on-write for a write, and marks a shared mapping's
 * page dirty on its first write.  Used by the page-fault trap and by
 * copyin/copyout alike.  access is UVM_READ, UVM_WRITE or UVM_EXEC (an
 * instruction fetch).  0, with the page's physical address in *pa if pa
 * is not null; -E_FAULT if the access is not allowed; -E_NOMEM if memory
 * ran out.
 */
enum { UVM_READ = 0, UVM_WRITE = 1, UVM_EXEC = 2 };
int uvm_resolve(pagetable_t pt, uint64 va, int access, paddr_t *pa);

/* The leaf PTE for a user-table address the process owns (below USER_TOP,
 * or its top pages from USYSCALL up), 0 if unmapped; -E_FAULT for an
 * address in the shared kernel half or past MAXVA. */
int64 uvm_pte(pagetable_t pt, uint64 va);
/* Print a user table in the 6.1810 lab's format, without the kernel's half. */
void uvm_print(pagetable_t pt);

/* Serializes the fault-time changes of user PTEs (uvm_resolve) with
 * each other and with sbrk's (proc/brk.c): threads share a table. */
extern struct spinlock uvm_fault_lock;

/* Map the page pa, read in for a fault at va0 (vma_fault, execmap_fault:
 * they read without the lock), with perm under uvm_fault_lock, and set
 * *pte to its PTE.  If another thread mapped va0 meanwhile, pa is dropped
 * and that page stays.  0, or -E_NOMEM (pa dropped). */
int uvm_map_faulted(pagetable_t pt, uint64 va0, paddr_t pa, uint64 perm, pte_t **pte);

/* Counters for tests and bench. */
extern uint64 uvm_cow_copies, uvm_cow_reuses;

#endif
