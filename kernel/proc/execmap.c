/*
 * execmap.c: demand paging of a program's segments (design: execmap.h).
 */
#include "proc/execmap.h"
#include "proc/uvm.h"
#include "../abi/elf.h"
#include "fs/fsops.h"
#include "fs/pagecache.h"
#include "mm/vm.h"
#include "mm/page.h"
#include "lib/errno.h"
#include "lib/string.h"

static uint64 min_u64(uint64 a, uint64 b)
{
	return a < b ? a : b;
}

static uint64 max_u64(uint64 a, uint64 b)
{
	return a > b ? a : b;
}

int execmap_add(struct exec_image *img, const struct proghdr *ph, uint64 perm)
{
	if (img->nseg == NEXECSEG)
		return -E_NOEXEC;
	img->seg[img->nseg++] = (struct exec_seg){.vaddr = ph->vaddr,
	                                          .memsz = ph->memsz,
	                                          .off = ph->off,
	                                          .filesz = ph->filesz,
	                                          .perm = perm};
	return 0;
}

void execmap_start(struct exec_image *img, struct inode *ip)
{
	img->ip = ip;
	inode_exec_users(ip, 1);
}

void execmap_release(struct exec_image *img)
{
	if (img->ip) {
		inode_exec_users(img->ip, -1);
		inode_put(img->ip);
	}
	img->ip = 0;
	img->nseg = 0;
}

void execmap_dup(struct exec_image *img)
{
	if (img->ip) {
		inode_dup(img->ip);
		inode_exec_users(img->ip, 1);
	}
}

static const struct exec_seg *find_seg(const struct exec_image *img, uint64 va0)
{
	for (int i = 0; i < img->nseg; i++) {
		const struct exec_seg *s = &img->seg[i];
		if (va0 >= PGROUNDDOWN(s->vaddr) && va0 < PGROUNDUP(s->vaddr + s->memsz))
			return s;
	}
	return 0;
}

/* May va0's page of s be the page cache's page itself?  Read-only, the
 * file page lined up with the page, file bytes in it and no bss (bytes
 * of the file outside the segment may show: they are read-only). */
static int shareable(const struct exec_seg *s, uint64 va0)
{
	uint64 file_end = s->vaddr + s->filesz;
	return !(s->perm & PTE_W) && ((s->off ^ s->vaddr) & (PGSIZE - 1)) == 0 && va0 < file_end &&
	       (va0 + PGSIZE <= file_end || s->memsz == s->filesz);
}

/* Copy s's file bytes that fall in va0's page into the zeroed page pa,
 * through the page cache (a run per file page they span). */
static int copy_in(struct inode *ip, const struct exec_seg *s, uint64 va0, paddr_t pa)
{
	uint64 lo = max_u64(va0, s->vaddr), hi = min_u64(va0 + PGSIZE, s->vaddr + s->filesz);
	while (lo < hi) {
		uint64 foff = s->off + (lo - s->vaddr);
		uint64 n = min_u64(hi - lo, PGSIZE - foff % PGSIZE);
		paddr_t src;
		int err = pagecache_get(ip, (uint)(foff / PGSIZE), &src);
		if (err)
			return err;
		memmove((char *)pa2kva(pa) + (lo - va0), (char *)pa2kva(src) + foff % PGSIZE, n);
		page_free(src);
		lo += n;
	}
	return 0;
}

int execmap_fault(struct exec_image *img, pagetable_t pt, uint64 va0, pte_t **pte)
{
	const struct exec_seg *s = img->ip ? find_seg(img, va0) : 0;
	if (!s)
		return -E_FAULT;
	paddr_t pa;
	int err;
	if (shareable(s, va0)) {
		/* Lined up: the file offset of va0 is s->off's page plus va0's
		 * distance from s->vaddr's page, never below 0. */
		err = pagecache_get(img->ip, (uint)((s->off + va0 - s->vaddr) / PGSIZE), &pa);
		if (err)
			return err;
	} else {
		if (!(pa = page_alloc_zeroed()))
			return -E_NOMEM;
		if ((err = copy_in(img->ip, s, va0, pa)) != 0) {
			page_free(pa);
			return err;
		}
	}
	return uvm_map_faulted(pt, va0, pa, s->perm, pte);
}
