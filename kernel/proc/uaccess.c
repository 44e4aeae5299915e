/*
 * uaccess.c: copying between kernel and user memory by walking the user
 * page table (the kernel never runs with user pages mapped, and SUM stays
 * off, so a stray kernel dereference of a user pointer faults loudly).
 */
#include "proc/uaccess.h"
#include "proc/proc.h"
#include "proc/uvm.h"
#include "lib/errno.h"
#include "lib/string.h"

/* Copy len bytes between kernel buffer kbuf and user address uva, a page at a time. */
static int user_copy(pagetable_t pt, uint64 uva, char *kbuf, uint64 len, int to_user)
{
	while (len > 0) {
		uint64 va0 = PGROUNDDOWN(uva);
		paddr_t pa;
		int err = uvm_resolve(pt, va0, to_user, &pa);
		if (err)
			return err;
		uint64 n = PGSIZE - (uva - va0);
		if (n > len)
			n = len;
		char *user = (char *)pa2kva(pa) + (uva - va0);
		if (to_user)
			memmove(user, kbuf, n);
		else
			memmove(kbuf, user, n);
		len -= n;
		kbuf += n;
		uva += n;
	}
	return 0;
}

int copyout(pagetable_t pt, uint64 dstva, const void *src, uint64 len)
{
	return user_copy(pt, dstva, (char *)src, len, 1);
}

int copyin(pagetable_t pt, void *dst, uint64 srcva, uint64 len)
{
	return user_copy(pt, srcva, dst, len, 0);
}

int copyinstr(pagetable_t pt, char *dst, uint64 srcva, uint64 max)
{
	uint64 got = 0;
	while (got < max) {
		uint64 va0 = PGROUNDDOWN(srcva);
		paddr_t pa;
		int err = uvm_resolve(pt, va0, 0, &pa);
		if (err)
			return err;
		const char *p = (const char *)pa2kva(pa) + (srcva - va0);
		uint64 n = PGSIZE - (srcva - va0);
		for (; n > 0 && got < max; n--, got++, p++, srcva++) {
			dst[got] = *p;
			if (*p == 0)
				return got;
		}
	}
	return -E_NAMETOOLONG; /* no NUL within max bytes */
}

int user_range_writable(pagetable_t pt, uint64 va, uint64 len)
{
	if (va + len < va)
		return -E_FAULT;
	for (uint64 a = PGROUNDDOWN(va); a < va + len; a += PGSIZE) {
		int err = uvm_resolve(pt, a, 1, 0);
		if (err)
			return err;
	}
	return 0;
}

void user_prefault(uint64 va, uint64 len)
{
	pagetable_t pt = myproc()->pagetable;
	for (uint64 a = PGROUNDDOWN(va); a < va + len && a >= PGROUNDDOWN(va); a += PGSIZE)
		if (uvm_resolve(pt, a, UVM_READ, 0) != 0)
			return;
}

int either_copyout(int user, uint64 dst, const void *src, uint64 len)
{
	if (user)
		return copyout(myproc()->pagetable, dst, src, len);
	memmove((void *)dst, src, len);
	return 0;
}

int either_copyin(int user, void *dst, uint64 src, uint64 len)
{
	if (user)
		return copyin(myproc()->pagetable, dst, src, len);
	memmove(dst, (const void *)src, len);
	return 0;
}
