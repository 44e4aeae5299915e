/*
 * vm.h: Sv39 page tables, for the kernel's map and for user address spaces.
 *
 * vm_map() refuses to map over an existing mapping (-E_EXIST) rather than
 * overwrite it silently.  These functions only edit tables: flushing TLBs
 * is the owner's job (kvm.c for the kernel map, which also shoots down the
 * other harts; the process code for user maps, which flushes on every
 * switch to the process).
 */
#ifndef KITE_MM_VM_H
#define KITE_MM_VM_H

#include "../abi/types.h"
#include "riscv.h"
#include "lib/addr.h"

/* A new, empty page table (or 0 when out of memory). */
pagetable_t pt_create(void);
/* Free a page table's table pages (not the pages its leaves point to). */
void pt_destroy(pagetable_t pt);

/*
 * The level-0 PTE for va, allocating intermediate tables if alloc.  Returns
 * 0 if va is out of range, a table is missing (and !alloc) or memory ran
 * out, or a megapage leaf covers va (then *mega is set, if mega != 0).
 */
pte_t *vm_walk(pagetable_t pt, vaddr_t va, int alloc);

/* Map [va, va+size) to [pa, pa+size) with perm (PTE_R/W/X/U...), 4 KiB pages. */
int vm_map(pagetable_t pt, vaddr_t va, paddr_t pa, uint64 size, uint64 perm);
/* The same with 2 MiB leaves where va, pa and the remaining size allow. */
int vm_map_large(pagetable_t pt, vaddr_t va, paddr_t pa, uint64 size, uint64 perm);
/* Remove npages 4 KiB mappings; drop a page reference for each if free_pages. */
int vm_unmap(pagetable_t pt, vaddr_t va, uint64 npages, int free_pages);
/* The physical address va maps to (any leaf size) and its PTE flags; 0 if unmapped. */
paddr_t vm_translate(pagetable_t pt, vaddr_t va, uint64 *flags);

/* Call fn for every valid leaf: its va, its PTE and its size. */
void vm_for_each_leaf(pagetable_t pt, void (*fn)(vaddr_t va, pte_t pte, uint64 size, void *arg),
                      void *arg);

/* vmprint.c: the leaf PTE mapping va (any level), or 0 if there is none. */
pte_t vm_leaf(pagetable_t pt, vaddr_t va);
/* Print pt in the 6.1810 lab's format, leaving out the top-level slots
 * skip_first..skip_last (the kernel's half of a user table). */
void vm_print(pagetable_t pt, uint64 skip_first, uint64 skip_last);

#endif
