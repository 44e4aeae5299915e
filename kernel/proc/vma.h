/*
 * vma.h: a process's memory mappings (mmap, munmap, mprotect).
 *
 * Each process has a small table of mappings (struct vma), each a
 * page-aligned range [start, end) inside [MMAP_BASE, MMAP_TOP)
 * (memlayout.h) with its protection, its kind and, for a file, a
 * referenced inode and the file offset of start.  Pages are 4 KiB and are
 * mapped on first touch through uvm_resolve (proc/uvm.h), which asks
 * vma_fault; the page table holds the pages, the table only says what may
 * be there.
 *
 *   private anonymous  zero-filled on first touch; fork shares copy-on-write
 *   shared anonymous   allocated at mmap time, so fork shares the very pages
 *   private file       read from the file on first touch into a private
 *                      page (later changes to the file may or may not show)
 *   shared file        read on first touch; mapped without PTE_W until the
 *                      first write, which sets PTE_W and PTE_D: PTE_D is
 *                      the page's "dirty" flag, and munmap, exec and exit
 *                      write exactly the dirty pages back (never past the
 *                      file's size).  Fork first reads in every page of
 *                      the mapping, then shares the pages.
 *
 * Locking: the table is private to its process, like p->sz: only the
 * process itself reads or changes it (its system calls, its page faults,
 * and its exit), so it needs no lock (Kite has one thread per process).
 * File pages are read and written with inode_read/inode_write, which take
 * the inode's sleep lock and run their own transactions; so a fault on a
 * file page sleeps, and vma_fault refuses it (-E_FAULT) when the caller
 * holds a spin lock (a pipe copying from user memory under its lock) or
 * the file's own inode lock (a read() of a file into a page of its own
 * mapping not touched yet: EFAULT rather than a deadlock).
 * Nothing here holds a spin lock across disk I/O.
 */
#ifndef KITE_PROC_VMA_H
#define KITE_PROC_VMA_H

#include "types.h"
#include "riscv.h"

#define NVMA 16 /* mappings per process */

struct inode;
struct proc;

struct vma {
	uint64 start, end;  /* page aligned; start == end: a free slot */
	int prot;           /* PROT_* (fcntl.h) */
	int flags;          /* MAP_SHARED or MAP_PRIVATE, and MAP_ANONYMOUS */
	struct inode *ip;   /* file-backed: one reference held; 0 if anonymous */
	uint64 off;         /* file offset of start */
	int file_writable;  /* the file was open for writing (for PROT_WRITE on a shared one) */
};

struct vma_table {
	struct vma v[NVMA];
};

/* Map len bytes; the address or -E_*.  Arguments were checked by sys_mmap
 * (fd's file is ip, readable; offset page aligned): -E_NOMEM if there is
 * no room (or no slot, or no memory for a shared anonymous one). */
int64 vma_map(struct proc *p, uint64 addr, uint64 len, int prot, int flags, struct inode *ip,
              uint64 off, int file_writable);
/* Remove the mappings in [addr, addr+len), page aligned, writing dirty
 * shared pages back; 0 or -E_NOMEM (a split needed a free slot). */
int vma_unmap(struct proc *p, uint64 addr, uint64 len);
/* Set the protection of [addr, addr+len), which must be mapped whole:
 * 0, -E_NOMEM (a hole, or no slot for a split), -E_ACCES. */
int vma_protect(struct proc *p, uint64 addr, uint64 len, int prot);
/* Unmap everything, writing dirty shared pages back (exit, exec). */
void vma_release_all(struct proc *p);

/* Before fork: read in every page of p's shared file mappings; 0 or -E_*. */
int vma_prepare_fork(struct proc *p);
/* Give child a copy of parent's table and share the mapped pages (shared
 * ones as they are, private ones copy-on-write).  No sleeping: called with
 * the child's lock held; 0 or -E_NOMEM (child's table left empty). */
int vma_fork(struct proc *child, struct proc *parent);

/*
 * For uvm_resolve: map the page at va0 (page aligned, not mapped) for the
 * process owning pt, if a mapping covers it: 0 with *pte its PTE;
 * -E_FAULT (no mapping, PROT_NONE, past the file's last page, or a file
 * page that cannot be read here), -E_NOMEM, -E_IO.
 */
int vma_fault(pagetable_t pt, uint64 va0, pte_t **pte);
/* For uvm_resolve: may va0's page (mapped, without PTE_W or PTE_COW) be
 * made writable?  1 for a shared mapping with PROT_WRITE. */
int vma_write_allowed(pagetable_t pt, uint64 va0);

#endif
