/*
 * sv39.h: the Sv39 page-table format (RISC-V privileged spec, "Sv39:
 * Page-Based 39-bit Virtual-Memory System").  Pure constants and macros, so
 * user programs (through kernel/riscv.h) and the kernel share them.
 *
 * A virtual address is  [38:30] VPN[2] | [29:21] VPN[1] | [20:12] VPN[0] | offset.
 * A PTE is              [53:10] PPN | [9:8] RSW | D A G U X W R V.
 */
#ifndef KITE_ARCH_SV39_H
#define KITE_ARCH_SV39_H

#define PGSIZE 4096 /* bytes per page */
#define PGSHIFT 12  /* bits of offset within a page */

#define PGROUNDUP(sz) (((sz) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) (((a)) & ~(PGSIZE - 1))

#define PTE_V (1L << 0) /* valid */
#define PTE_R (1L << 1)
#define PTE_W (1L << 2)
#define PTE_X (1L << 3)
#define PTE_U (1L << 4)   /* user can access */
#define PTE_G (1L << 5)   /* global mapping */
#define PTE_A (1L << 6)   /* accessed */
#define PTE_D (1L << 7)   /* dirty */
#define PTE_COW (1L << 8) /* RSW bit: copy-on-write page, writable once copied */

/* Bits 9..0 are flags; the physical page number starts at bit 10. */
#define PTE_FLAG_BITS 10
#define PTE_FLAGS(pte) ((pte) & ((1L << PTE_FLAG_BITS) - 1))
#define PA2PTE(pa) ((((uint64)(pa)) >> PGSHIFT) << PTE_FLAG_BITS)
#define PTE2PA(pte) (((pte) >> PTE_FLAG_BITS) << PGSHIFT)
/* A valid PTE with none of R, W, X points at the next level's table. */
#define PTE_LEAF(pte) (((pte) & (PTE_R | PTE_W | PTE_X)) != 0)

/* Each level's index is 9 bits of the virtual address. */
#define PXMASK 0x1FF
#define PTE_PER_PAGE 512
#define PXSHIFT(level) (PGSHIFT + (9 * (level)))
#define PX(level, va) ((((uint64)(va)) >> PXSHIFT(level)) & PXMASK)
#define SV39_LEVELS 3
#define MEGAPAGE_SIZE (1UL << PXSHIFT(1)) /* 2 MiB leaf at level 1 */

/*
 * One past the highest usable virtual address.  Sv39 allows 39 bits but
 * addresses with bit 38 set must be sign-extended; staying below 2^38
 * avoids that (as xv6 does).
 */
#define MAXVA (1L << (9 + 9 + 9 + 12 - 1))

/* satp: mode in bits 63:60, physical page number of the root table below. */
#define SATP_SV39 (8L << 60)
#define MAKE_SATP(pagetable) (SATP_SV39 | (((uint64)(pagetable)) >> PGSHIFT))

#ifndef __ASSEMBLER__
typedef uint64 pte_t;
typedef uint64 *pagetable_t; /* 512 PTEs */
#endif

#endif
