/*
 * vmprint.c: a page table as text, in the 6.1810 pgtbl lab's format
 * (its kpgtbl/vmprint):
 *
 *   page table 0x0000000087f6b000
 *    ..0x0000000000000000: pte 0x0000000021fd9c01 pa 0x0000000087f67000
 *    .. ..0x0000000000000000: pte 0x0000000021fd9801 pa 0x0000000087f66000
 *    .. .. ..0x0000000000000000: pte 0x0000000021fda05b pa 0x0000000087f68000
 *
 * one line per valid PTE, depth first, " .." once per level below the
 * root, then the first virtual address the PTE covers, the PTE and the
 * physical address it holds; every number in 16 hex digits, as xv6's %p.
 */
#include "mm/vm.h"
#include "lib/printf.h"

#define HEX16_LEN 19 /* "0x" + 16 digits + NUL */

static const char *hex16(char buf[HEX16_LEN], uint64 v)
{
	static const char digits[] = "0123456789abcdef";
	buf[0] = '0';
	buf[1] = 'x';
	for (int i = 0; i < 16; i++)
		buf[2 + i] = digits[(v >> (60 - 4 * i)) & 0xf];
	buf[HEX16_LEN - 1] = 0;
	return buf;
}

static void print_level(pagetable_t pt, int level, vaddr_t base, uint64 skip_first,
                        uint64 skip_last)
{
	static const char *const indent[SV39_LEVELS] = {" .. .. ..", " .. ..", " .."};
	for (uint64 i = 0; i < PTE_PER_PAGE; i++) {
		pte_t pte = pt[i];
		if (!(pte & PTE_V) ||
		    (level == SV39_LEVELS - 1 && i >= skip_first && i <= skip_last))
			continue;
		vaddr_t va = base + (i << PXSHIFT(level));
		char a[HEX16_LEN], b[HEX16_LEN], c[HEX16_LEN];
		printf("%s%s: pte %s pa %s\n", indent[level], hex16(a, va), hex16(b, pte),
		       hex16(c, PTE2PA(pte)));
		if (!PTE_LEAF(pte) && level > 0)
			print_level(pa2kva(PTE2PA(pte)), level - 1, va, skip_first, skip_last);
	}
}

void vm_print(pagetable_t pt, uint64 skip_first, uint64 skip_last)
{
	char a[HEX16_LEN];
	printf("page table %s\n", hex16(a, kva2pa(pt)));
	print_level(pt, SV39_LEVELS - 1, 0, skip_first, skip_last);
}

pte_t vm_leaf(pagetable_t pt, vaddr_t va)
{
	if (va >= MAXVA)
		return 0;
	for (int level = SV39_LEVELS - 1; level >= 0; level--) {
		pte_t pte = pt[PX(level, va)];
		if (!(pte & PTE_V))
			return 0;
		if (PTE_LEAF(pte))
			return pte;
		if (level == 0)
			return 0; /* a pointer PTE at level 0 is malformed */
		pt = pa2kva(PTE2PA(pte));
	}
	return 0;
}
