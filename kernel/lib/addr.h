/*
 * addr.h: physical and kernel-virtual addresses are different things.
 *
 * paddr_t holds a physical address (what the page allocator and page-table
 * entries deal in); a kernel pointer is a virtual address.  Kite's kernel
 * maps all RAM at its physical address (the direct map), so converting is
 * the identity, but it is always spelled out with pa2kva()/kva2pa() so that
 * every crossing is visible and greppable.
 */
#ifndef KITE_MM_ADDR_H
#define KITE_MM_ADDR_H

#include "../abi/types.h"

typedef uint64 paddr_t; /* physical address */
typedef uint64 vaddr_t; /* virtual address, kernel or user (user ones are never dereferenced) */

static inline void *pa2kva(paddr_t pa)
{
	return (void *)pa;
}
static inline paddr_t kva2pa(const void *kva)
{
	return (paddr_t)kva;
}

#endif
