/*
 * kvm.c: the kernel page table.
 *
 *   devices (UART, PLIC, virtio, test,  RW-   at KDEV_BASE + physical address
 *   RTC)
 *   kernel text (incl. trampoline)      R-X
 *   kernel read-only data               R--
 *   kernel data, bss, rest of RAM       RW-   (2 MiB leaves where aligned)
 *   kernel stacks                       RW-   KSTACK region, guard pages unmapped
 *   trampoline                          R-X   at TRAMPOLINE (same page as in user maps)
 *
 * No page is both writable and executable (the ktest "kvm_wx" checks).
 * Nothing is mapped below USER_TOP: that half of every address space is
 * the user's, and user page tables share everything above it (uvm.c).
 */
#include "mm/kvm.h"
#include "mm/vm.h"
#include "mm/page.h"
#include "arch/riscv/fdt.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/sbi.h"
#include "sync/spinlock.h"
#include "lib/panic.h"
#include "lib/errno.h"
#include "memlayout.h"
#include "arch/riscv/mmu.h"

pagetable_t kernel_pagetable;

extern char kernel_start[], etext[], erodata[], kernel_end[], trampoline_start[];

#define PLIC_DEFAULT_SIZE 0x4000000 /* when the device tree gives none */

static void map_or_panic(vaddr_t va, paddr_t pa, uint64 size, uint64 perm, const char *what)
{
	int err = vm_map_large(kernel_pagetable, va, pa, size, perm);
	if (err)
		panic("kvm_init: mapping %s at %p failed (%d)", what, (void *)va, err);
}

static void map_device(struct fdt_region r, const char *what)
{
	if (r.size == 0)
		return;
	paddr_t lo = PGROUNDDOWN(r.base), hi = PGROUNDUP(r.base + r.size);
	if (hi > KDEV_SIZE)
		panic("kvm_init: %s at %p is beyond the device window", what, (void *)r.base);
	map_or_panic(KDEV_BASE + lo, lo, hi - lo, PTE_R | PTE_W, what);
}

void kvm_init(void)
{
	kernel_pagetable = pt_create();
	KASSERT(kernel_pagetable);

	map_device(bootinfo.uart, "uart");
	struct fdt_region plic = bootinfo.plic;
	if (plic.size == 0)
		plic.size = PLIC_DEFAULT_SIZE;
	map_device(plic, "plic");
	for (int i = 0; i < bootinfo.nvirtio; i++)
		map_device(bootinfo.virtio[i], "virtio");
	map_device(bootinfo.testdev, "test device");
	map_device(bootinfo.rtc, "rtc");

	paddr_t k0 = kva2pa(kernel_start), te = kva2pa(etext), re = kva2pa(erodata);
	map_or_panic(k0, k0, te - k0, PTE_R | PTE_X, "kernel text");
	map_or_panic(te, te, re - te, PTE_R, "kernel rodata");
	/* Data, bss and all RAM above the kernel (the direct map). */
	for (int i = 0; i < bootinfo.nmem; i++) {
		paddr_t lo = PGROUNDUP(bootinfo.mem[i].base);
		paddr_t hi = PGROUNDDOWN(bootinfo.mem[i].base + bootinfo.mem[i].size);
		if (lo < re)
			lo = re; /* RAM below the kernel belongs to OpenSBI: left unmapped */
		if (lo < hi)
			map_or_panic(lo, lo, hi - lo, PTE_R | PTE_W, "RAM");
	}
	map_or_panic(TRAMPOLINE, kva2pa(trampoline_start), PGSIZE, PTE_R | PTE_X, "trampoline");

	/* Page-table pages for the kernel stacks and the large-object heap are
	 * made now, once, rather than on first use: a table page made by a
	 * fork or a kmalloc would never be freed, and free memory would seem
	 * to leak a page whenever a new region is touched. */
	for (vaddr_t va = KSTACK_BASE; va < KHEAP_END; va += MEGAPAGE_SIZE)
		if (!vm_walk(kernel_pagetable, va, 1))
			panic("kvm_init: no memory for kernel page tables at %p", (void *)va);
}

void kvm_enable_hart(void)
{
	mmu_enable(kernel_pagetable);
}

/* Serialises edits of the kernel page table (kstacks, large kmalloc, tests). */
static struct spinlock kvm_lock = SPINLOCK_INIT("kvm");

int kvm_map(vaddr_t va, paddr_t pa, uint64 size, uint64 perm)
{
	acquire(&kvm_lock);
	int err = vm_map(kernel_pagetable, va, pa, size, perm);
	release(&kvm_lock);
	/* New mappings: other harts cannot hold a translation for an unmapped
	 * page in QEMU, but the spec allows caching invalid entries, so fence here too. */
	mmu_flush_all();
	return err;
}

#define UNMAP_CHUNK 16 /* pages unmapped per TLB shootdown */

/* Which other harts might hold kernel translations: every started one. */
static uint64 other_harts(void)
{
	uint64 mask = 0;
	push_off();
	for (int h = 0; h < NCPU; h++)
		if (h != cpuid() && cpus[h].started)
			mask |= 1UL << h;
	pop_off();
	return mask;
}

int kvm_unmap(vaddr_t va, uint64 npages, int free_pages)
{
	int err = 0;
	while (npages > 0) {
		uint64 n = npages < UNMAP_CHUNK ? npages : UNMAP_CHUNK;
		paddr_t pas[UNMAP_CHUNK];
		acquire(&kvm_lock);
		for (uint64 i = 0; i < n; i++)
			pas[i] = vm_translate(kernel_pagetable, va + i * PGSIZE, 0);
		if (vm_unmap(kernel_pagetable, va, n, 0) != 0)
			err = -E_INVAL;
		release(&kvm_lock);
		for (uint64 i = 0; i < n; i++)
			mmu_flush_page(va + i * PGSIZE);
		/* Other harts may have used the mapping: shoot their TLB entries
		 * down before the pages can be reused. */
		uint64 others = other_harts();
		if (others)
			sbi_remote_sfence_vma(others, va, n * PGSIZE);
		if (free_pages)
			for (uint64 i = 0; i < n; i++)
				if (pas[i])
					page_free(pas[i]);
		va += n * PGSIZE;
		npages -= n;
	}
	return err;
}

/* ---- guarded kernel stacks ---- */

/* Protects slot_used[]. */
static struct spinlock kstack_lock = SPINLOCK_INIT("kstack");
static char slot_used[KSTACK_NSLOTS];

static void slot_release(int slot)
{
	acquire(&kstack_lock);
	slot_used[slot] = 0;
	release(&kstack_lock);
}

vaddr_t kstack_alloc(void)
{
	int slot = -1;
	acquire(&kstack_lock);
	for (int i = 0; i < KSTACK_NSLOTS; i++)
		if (!slot_used[i]) {
			slot_used[i] = 1;
			slot = i;
			break;
		}
	release(&kstack_lock);
	if (slot < 0)
		return 0;
	vaddr_t base = KSTACK(slot);
	for (uint64 off = 0; off < KSTACK_SIZE; off += PGSIZE) {
		paddr_t pa = page_alloc();
		if (!pa || kvm_map(base + off, pa, PGSIZE, PTE_R | PTE_W) != 0) {
			if (pa)
				page_free(pa);
			if (off)
				kvm_unmap(base, off / PGSIZE, 1);
			slot_release(slot);
			return 0;
		}
	}
	return base + KSTACK_SIZE;
}

void kstack_free(vaddr_t top)
{
	vaddr_t base = top - KSTACK_SIZE;
	KASSERT(base >= KSTACK_BASE && base < KSTACK_END);
	KASSERT((base - KSTACK_BASE) % KSTACK_SLOT == KSTACK_SIZE);
	kvm_unmap(base, KSTACK_SIZE / PGSIZE, 1);
	slot_release((base - KSTACK_BASE) / KSTACK_SLOT);
}
