/*
 * vm.c: walking and editing Sv39 page tables.
 *
 * A table is one page of 512 PTEs.  A valid PTE with R, W and X all clear
 * points to the next level's table; any other valid PTE is a leaf.  Leaves
 * at level 1 map 2 MiB (the kernel's direct map uses them); everything
 * else here maps 4 KiB pages at level 0.
 */
#include "mm/vm.h"
#include "mm/page.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"

pagetable_t pt_create(void)
{
	paddr_t pa = page_alloc_zeroed();
	return pa ? pa2kva(pa) : 0;
}

static void destroy_level(pagetable_t pt, int level)
{
	for (int i = 0; i < PTE_PER_PAGE; i++) {
		pte_t pte = pt[i];
		if ((pte & PTE_V) && !PTE_LEAF(pte) && level > 0)
			destroy_level(pa2kva(PTE2PA(pte)), level - 1);
	}
	page_free(kva2pa(pt));
}

void pt_destroy(pagetable_t pt)
{
	destroy_level(pt, SV39_LEVELS - 1);
}

pte_t *vm_walk(pagetable_t pt, vaddr_t va, int alloc)
{
	if (va >= MAXVA)
		return 0;
	for (int level = SV39_LEVELS - 1; level > 0; level--) {
		pte_t *pte = &pt[PX(level, va)];
		if (*pte & PTE_V) {
			if (PTE_LEAF(*pte))
				return 0; /* a large leaf covers va */
			pt = pa2kva(PTE2PA(*pte));
		} else {
			if (!alloc)
				return 0;
			paddr_t pa = page_alloc_zeroed();
			if (!pa)
				return 0;
			*pte = PA2PTE(pa) | PTE_V;
			pt = pa2kva(pa);
		}
	}
	return &pt[PX(0, va)];
}

int vm_map(pagetable_t pt, vaddr_t va, paddr_t pa, uint64 size, uint64 perm)
{
	if ((va | pa | size) & (PGSIZE - 1))
		panic("vm_map: unaligned va %p pa %p size %p", (void *)va, (void *)pa,
		      (void *)size);
	if (size == 0 || va + size > MAXVA || va + size < va)
		return -E_INVAL;
	for (uint64 off = 0; off < size; off += PGSIZE) {
		pte_t *pte = vm_walk(pt, va + off, 1);
		int err = 0;
		if (!pte)
			err = vm_translate(pt, va + off, 0) ? -E_EXIST : -E_NOMEM;
		else if (*pte & PTE_V)
			err = -E_EXIST;
		if (err) {
			/* Undo what this call mapped, so a failure changes nothing. */
			if (off)
				vm_unmap(pt, va, off / PGSIZE, 0);
			return err;
		}
		*pte = PA2PTE(pa + off) | perm | PTE_V;
	}
	return 0;
}

int vm_map_large(pagetable_t pt, vaddr_t va, paddr_t pa, uint64 size, uint64 perm)
{
	while (size > 0) {
		if (((va | pa) & (MEGAPAGE_SIZE - 1)) == 0 && size >= MEGAPAGE_SIZE) {
			pte_t *l2 = &pt[PX(2, va)];
			if (!(*l2 & PTE_V)) {
				paddr_t t = page_alloc_zeroed();
				if (!t)
					return -E_NOMEM;
				*l2 = PA2PTE(t) | PTE_V;
			} else if (PTE_LEAF(*l2)) {
				return -E_EXIST;
			}
			pte_t *l1 = &((pagetable_t)pa2kva(PTE2PA(*l2)))[PX(1, va)];
			if (*l1 & PTE_V)
				return -E_EXIST;
			*l1 = PA2PTE(pa) | perm | PTE_V;
			va += MEGAPAGE_SIZE;
			pa += MEGAPAGE_SIZE;
			size -= MEGAPAGE_SIZE;
		} else {
			int err = vm_map(pt, va, pa, PGSIZE, perm);
			if (err)
				return err;
			va += PGSIZE;
			pa += PGSIZE;
			size -= PGSIZE;
		}
	}
	return 0;
}

int vm_unmap(pagetable_t pt, vaddr_t va, uint64 npages, int free_pages)
{
	if (va & (PGSIZE - 1))
		panic("vm_unmap: unaligned va %p", (void *)va);
	int err = 0;
	for (uint64 i = 0; i < npages; i++, va += PGSIZE) {
		pte_t *pte = vm_walk(pt, va, 0);
		if (!pte || !(*pte & PTE_V)) {
			err = -E_INVAL; /* not mapped (or inside a large leaf) */
			continue;
		}
		if (free_pages)
			page_free(PTE2PA(*pte));
		*pte = 0;
	}
	return err;
}

paddr_t vm_translate(pagetable_t pt, vaddr_t va, uint64 *flags)
{
	if (va >= MAXVA)
		return 0;
	for (int level = SV39_LEVELS - 1; level >= 0; level--) {
		pte_t pte = pt[PX(level, va)];
		if (!(pte & PTE_V))
			return 0;
		if (PTE_LEAF(pte)) {
			if (flags)
				*flags = PTE_FLAGS(pte);
			uint64 span = 1UL << PXSHIFT(level);
			return PTE2PA(pte) + (va & (span - 1));
		}
		if (level == 0)
			return 0; /* a pointer PTE at level 0 is malformed */
		pt = pa2kva(PTE2PA(pte));
	}
	return 0;
}

static void each_leaf(pagetable_t pt, int level, vaddr_t base,
                      void (*fn)(vaddr_t, pte_t, uint64, void *), void *arg)
{
	for (int i = 0; i < PTE_PER_PAGE; i++) {
		pte_t pte = pt[i];
		if (!(pte & PTE_V))
			continue;
		vaddr_t va = base + ((uint64)i << PXSHIFT(level));
		if (PTE_LEAF(pte))
			fn(va, pte, 1UL << PXSHIFT(level), arg);
		else if (level > 0)
			each_leaf(pa2kva(PTE2PA(pte)), level - 1, va, fn, arg);
	}
}

void vm_for_each_leaf(pagetable_t pt, void (*fn)(vaddr_t, pte_t, uint64, void *), void *arg)
{
	each_leaf(pt, SV39_LEVELS - 1, 0, fn, arg);
}
