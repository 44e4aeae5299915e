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
 *   private file       the page cache's page (fs/pagecache.h), read on
 *                      first touch and mapped copy-on-write: the first
 *                      write makes a private copy (until then changes to
 *                      the file show; after, they do not)
 *   shared file        the page cache's page, so every process mapping the
 *                      file maps one copy; mapped without PTE_W until the
 *                      first write, which sets PTE_W and PTE_D: PTE_D is
 *                      the page's "dirty" flag, and munmap, msync, exec and
 *                      exit write exactly the dirty pages back (never past
 *                      the file's size, never a page truncate took from
 *                      the file).  Fork shares the pages mapped so far; the
 *                      rest both find in the page cache.
 *
 * Locking: the table is private to its process, like p->sz: only the
 * process itself reads or changes it (its system calls, its page faults,
 * and its exit), so it needs no lock (Kite has one thread per process).
 * The table also holds the running program's segments (proc/execmap.h).
 * File pages come from pagecache_get and are written back with
 * inode_write, which takes the inode's sleep lock and runs its own
 * transactions; so a fault on a file page not cached yet sleeps, and is
 * refused (-E_FAULT) when the caller holds a spin lock or the file's own
 * inode lock (a read() of a file into a page of its own mapping not
 * touched yet: EFAULT rather than a deadlock).
 * Nothing here holds a spin lock across disk I/O.
 */
#ifndef KITE_PROC_VMA_H
#define KITE_PROC_VMA_H

#include "../abi/types.h"
#include "riscv.h"
#include "proc/execmap.h"

#define NVMA 16 /* mappings per process */

struct inode;
struct proc;

struct vma {
	uint64 start, end; /* page aligned; start == end: a free slot */
	int prot;          /* PROT_* (fcntl.h) */
	int flags;         /* MAP_SHARED or MAP_PRIVATE, and MAP_ANONYMOUS */
	struct inode *ip;  /* file-backed: one reference held; 0 if anonymous */
	uint64 off;        /* file offset of start */
	int file_writable; /* the file was open for writing (for PROT_WRITE on a shared one) */
};

struct vma_table {
	struct vma v[NVMA];
	struct exec_image img; /* the program's segments, below p->heap_start */
	/* Under vma.c's gate: faults between reading their mapping and mapping
	 * the page, whether a change (vma_change_begin) is under way, and the
	 * faults asleep until it ends. */
	int faulting, changing, waiting;
};

/*
 * A change of the table by one thread (vma_map, vma_unmap, vma_protect
 * make them, under the caller's mmap_lock) and the faults of the others
 * exclude each other: begin waits until no fault is between reading its
 * mapping and mapping the page, and new faults wait until end.  Nothing in
 * between may touch user memory or take an inode lock (write-back is done
 * before begin).
 */
void vma_change_begin(struct proc *p);
void vma_change_end(struct proc *p);

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
/* Write the dirty pages of the shared file mappings in [addr, addr+len)
 * back and mark them clean (msync): 0, -E_NOMEM (a hole in the range) or
 * the first write-back error. */
int vma_sync(struct proc *p, uint64 addr, uint64 len);
/* Unmap everything, writing dirty shared pages back, and drop the
 * program's segments (exit, exec). */
void vma_release_all(struct proc *p);
/* Give child a copy of parent's table and share the mapped pages (shared
 * ones as they are, private ones copy-on-write).  No sleeping: called with
 * the child's lock held; 0 or -E_NOMEM (child's table left empty). */
int vma_fork(struct proc *child, struct proc *parent);

/*
 * For uvm_resolve: map the page at va0 (page aligned, not mapped) for the
 * process owning pt, if a mapping or a program segment covers it: 0 with
 * *pte its PTE; -E_FAULT (no mapping, PROT_NONE, past the file's last
 * page, or a file page that cannot be read here), -E_NOMEM, -E_IO.
 */
int vma_fault(pagetable_t pt, uint64 va0, pte_t **pte);
/* For uvm_resolve: may va0's page (mapped, without PTE_W or PTE_COW) be
 * made writable?  1 for a shared mapping with PROT_WRITE. */
int vma_write_allowed(pagetable_t pt, uint64 va0);

#endif
