/*
 * execmap.h: a running program's segments, paged in on first touch.
 *
 * exec checks every program header, then records each loadable segment
 * here instead of reading it (proc/exec.c).  The first touch of one of
 * its pages (uvm_resolve, through vma_fault) maps it:
 *
 *   text   a segment without PF_W: the page cache's own page
 *          (fs/pagecache.h), read-only, so every process running the
 *          program maps one copy.  That needs the segment's file offset
 *          and address to agree modulo PGSIZE (the linker's layout) and
 *          no bss in the page; other text pages are private copies.
 *   data   a segment with PF_W: a private copy of the file's bytes.
 *   bss    the rest of a segment past its file bytes: zeros.
 *
 * The image holds a reference to the program's inode and counts as one
 * of its exec users, so opening the program for writing fails with
 * ETXTBSY while it runs (fs/fsops.h).  A descriptor opened for writing
 * before the exec can still change the file: pages already mapped show
 * the change if they are the cache's (write() updates those), private
 * copies keep what they read.  Like the mapping table it sits in
 * (proc/vma.h), the image is private to its process and has no lock.
 */
#ifndef KITE_PROC_EXECMAP_H
#define KITE_PROC_EXECMAP_H

#include "../abi/types.h"
#include "riscv.h"

#define NEXECSEG 4 /* loadable segments per program (Kite's have 2) */

struct inode;
struct proghdr;

struct exec_seg {
	uint64 vaddr, memsz; /* where it goes */
	uint64 off, filesz;  /* its bytes in the file */
	uint64 perm;         /* PTE_* bits of its pages */
};

struct exec_image {
	struct inode *ip; /* referenced; 0 when there is no image */
	int nseg;
	struct exec_seg seg[NEXECSEG];
};

/* Record a checked PT_LOAD header with its pages' PTE bits; 0 or
 * -E_NOEXEC (more than NEXECSEG segments). */
int execmap_add(struct exec_image *img, const struct proghdr *ph, uint64 perm);
/* The image becomes ip's (the caller's reference moves to it). */
void execmap_start(struct exec_image *img, struct inode *ip);
/* Drop the image's inode (exit, exec); may sleep. */
void execmap_release(struct exec_image *img);
/* For fork: a copy of the image needs its own inode reference.  No sleep. */
void execmap_dup(struct exec_image *img);
/* Map the page at va0 (page aligned, unmapped) if a segment covers it: 0
 * with *pte its PTE; -E_FAULT (no segment, or a read that would sleep
 * here), -E_NOMEM, -E_IO. */
int execmap_fault(struct exec_image *img, pagetable_t pt, uint64 va0, pte_t **pte);

#endif
