/*
 * exec.c: loading an ELF-64 RISC-V executable.
 *
 * Everything the file says is checked before it is believed: the header
 * fields, that each loadable segment lies inside the file, that it fits
 * below HEAP_TOP without wrapping, that segments come in address order
 * without overlap, and that no segment is both writable and executable.
 * The new image is built in a fresh page table; only when all of it is
 * ready does the process switch to it, so a bad file leaves the caller
 * running its old program.  Segments are not read here: exec records them
 * (proc/execmap.h) and each page is read on first touch, text pages
 * shared through the page cache.
 *
 * New image: segments from their vaddr, then a guard page, USERSTACK stack
 * pages, ARG_MAX bytes of environment and argv strings with their arrays,
 * then the heap.
 */
#include "proc/exec.h"
#include "proc/thread.h"
#include "../abi/elf.h"
#include "proc/proc.h"
#include "proc/cwd.h"
#include "proc/uvm.h"
#include "proc/fork.h"
#include "proc/uaccess.h"
#include "proc/signal.h"
#include "arch/riscv/trapframe.h"
#include "fs/fsops.h"
#include "mm/vm.h"
#include "mm/page.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "../abi/fcntl.h"
#include "../abi/stat.h"
#include "memlayout.h"
#include "arch/riscv/mmu.h"

#define EXEC_MAX_PHNUM 16 /* more program headers than any Kite program has */
#define STACK_ALIGN 16    /* RISC-V psABI: sp is 16-byte aligned */

static int read_exact(struct inode *ip, void *dst, uint64 off, uint64 n)
{
	int r = inode_read(ip, 0, (uint64)dst, off, n);
	return r == (int)n ? 0 : -E_NOEXEC;
}

static int check_header(const struct elfhdr *eh, uint64 filesize)
{
	if (eh->magic != ELF_MAGIC || eh->ident[EI_CLASS - 4] != ELFCLASS64 ||
	    eh->ident[EI_DATA - 4] != ELFDATA2LSB || eh->ident[EI_VERSION - 4] != EV_CURRENT)
		return -E_NOEXEC;
	if (eh->type != ET_EXEC || eh->machine != EM_RISCV || eh->version != EV_CURRENT)
		return -E_NOEXEC;
	if (eh->phentsize != sizeof(struct proghdr) || eh->phnum == 0 || eh->phnum > EXEC_MAX_PHNUM)
		return -E_NOEXEC;
	if (eh->phoff > filesize || eh->phnum * sizeof(struct proghdr) > filesize - eh->phoff)
		return -E_NOEXEC;
	return 0;
}

static uint64 perm_of(uint32 flags)
{
	uint64 perm = PTE_U;
	if (flags & PF_R)
		perm |= PTE_R;
	if (flags & PF_W)
		perm |= PTE_W | PTE_R; /* Sv39 has no write-only pages */
	if (flags & PF_X)
		perm |= PTE_X;
	return perm;
}

/* Check a program header against the file and the segments before it
 * (prev_end is page aligned: segments never share a page). */
static int check_segment(const struct proghdr *ph, uint64 filesize, uint64 prev_end)
{
	if (ph->memsz < ph->filesz || ph->off > filesize || ph->filesz > filesize - ph->off)
		return -E_NOEXEC;
	if (ph->vaddr + ph->memsz < ph->vaddr || ph->vaddr + ph->memsz > HEAP_TOP)
		return -E_NOEXEC;
	if (ph->vaddr < prev_end)
		return -E_NOEXEC; /* out of order, overlapping or sharing a page */
	if ((ph->flags & PF_W) && (ph->flags & PF_X))
		return -E_NOEXEC; /* W^X: Kite never maps a page writable and executable */
	if (ph->memsz > page_free_count() * PGSIZE)
		return -E_NOMEM; /* refuse at once rather than after filling memory */
	return 0;
}

_Static_assert(ARG_MAX % PGSIZE == 0, "the arguments have whole pages of their own");
_Static_assert(MAXENV <= MAXARG, "push_strings' array holds either list");

/*
 * Copy the NULL-terminated strings v (at most max) onto the new stack below
 * *spp, then the array of their user addresses: the user address of that
 * array, or an error.  stack_base is the lowest byte the arguments may use.
 */
static int64 push_strings(pagetable_t pt, uint64 *spp, uint64 stack_base, char *const v[], int max,
                          int *countp)
{
	static char *const none[] = {0};
	uint64 sp = *spp;
	uint64 uv[MAXARG + 1];
	int n = 0;
	if (!v)
		v = none;
	for (; v[n]; n++) {
		if (n >= max)
			return -E_2BIG;
		uint64 len = strlen(v[n]) + 1;
		if (sp - stack_base < len + STACK_ALIGN)
			return -E_2BIG;
		sp = (sp - len) & ~(uint64)(STACK_ALIGN - 1);
		if (copyout(pt, sp, v[n], len) < 0)
			return -E_FAULT;
		uv[n] = sp;
	}
	uv[n] = 0;
	uint64 bytes = (n + 1) * sizeof(uint64);
	if (sp - stack_base < bytes + STACK_ALIGN)
		return -E_2BIG;
	sp = (sp - bytes) & ~(uint64)(STACK_ALIGN - 1);
	if (copyout(pt, sp, uv, bytes) < 0)
		return -E_FAULT;
	*spp = sp;
	*countp = n;
	return sp;
}

static const char *last_component(const char *path)
{
	const char *name = path;
	for (const char *s = path; *s; s++)
		if (*s == '/')
			name = s + 1;
	return name;
}

int proc_exec(const char *path, char *const argv[], char *const envp[])
{
	struct proc *p = myproc();
	struct inode *ip;
	struct inode *cwd = cwd_get();
	int err = fsop_open(cwd, path, O_RDONLY, &ip);
	cwd_put(cwd);
	if (err < 0)
		return err;

	pagetable_t pt = 0;
	uint64 sz = 0;
	struct exec_image img = {0};
	struct stat st;
	struct elfhdr eh;
	if ((err = inode_stat(ip, &st)) < 0)
		goto bad;
	if (st.type != T_FILE || read_exact(ip, &eh, 0, sizeof(eh)) != 0) {
		err = -E_NOEXEC;
		goto bad;
	}
	if ((err = check_header(&eh, st.size)) < 0)
		goto bad;
	if (!p->trapframe && (err = proc_give_user_memory(p)) < 0)
		goto bad; /* a kernel thread becoming the first user process */
	if (!(pt = uvm_create(p->trapframe, p->usyscall))) {
		err = -E_NOMEM;
		goto bad;
	}

	for (int i = 0; i < eh.phnum; i++) {
		struct proghdr ph;
		if ((err = read_exact(ip, &ph, eh.phoff + i * sizeof(ph), sizeof(ph))) < 0)
			goto bad;
		if (ph.type != PT_LOAD || ph.memsz == 0)
			continue; /* the linker may emit an empty PT_LOAD: nothing to map */
		if ((err = check_segment(&ph, st.size, sz)) < 0 ||
		    (err = execmap_add(&img, &ph, perm_of(ph.flags))) < 0)
			goto bad;
		sz = PGROUNDUP(ph.vaddr + ph.memsz);
	}
	if (sz == 0 || eh.entry >= sz) {
		err = -E_NOEXEC;
		goto bad;
	}

	/* Guard page, the stack, then the arguments' own pages. */
	uint64 guard = sz;
	uint64 stack_bytes = PGSIZE + USERSTACK * PGSIZE + ARG_MAX;
	int64 r = uvm_grow(pt, sz, sz + stack_bytes, PTE_R | PTE_W);
	if (r < 0) {
		err = r;
		goto bad;
	}
	sz += stack_bytes;
	uvm_clear_user(pt, guard);
	uint64 sp = sz;
	int argc = 0, envc = 0;
	/* More than ARG_MAX bytes of arguments and environment together is
	 * E2BIG (xv6's tests rely on a limit of about a page). */
	int64 uenvp = push_strings(pt, &sp, sz - ARG_MAX, envp, MAXENV, &envc);
	int64 uargv = uenvp < 0 ? uenvp : push_strings(pt, &sp, sz - ARG_MAX, argv, MAXARG, &argc);
	if (uargv < 0) {
		err = uargv;
		goto bad;
	}
	/* main's frames start below the arguments, so the stack proper is
	 * exactly USERSTACK pages: sp - USERSTACK * PGSIZE is in the guard
	 * page, as xv6's stacktest expects. */
	sp = sz - ARG_MAX;

	/* The other threads end before the old image goes away. */
	if ((err = thread_end_others()) < 0)
		goto bad;
	/* Point of no return: switch to the new image. */
	vma_release_all(p);
	p->vmas.img = img;
	execmap_start(&p->vmas.img, ip); /* our reference to ip is the image's now */
	pagetable_t old = p->pagetable;
	uint64 oldsz = p->sz;
	p->pagetable = pt;
	p->sz = sz;
	p->heap_start = sz;
	p->trapframe->epc = eh.entry;
	p->trapframe->sp = sp;
	p->trapframe->a1 = uargv;
	p->trapframe->a2 = uenvp;
	strlcpy_k(p->name, last_component(path), sizeof(p->name));
	signal_exec(p); /* handlers point into the old image */
	/* This hart may be running on the old table: move to the new one
	 * before the old one is freed. */
	mmu_switch(pt);
	if (old)
		uvm_destroy(old, oldsz);
	return argc; /* becomes a0: main(argc, argv, envp) */

bad:
	if (pt)
		uvm_destroy(pt, sz);
	if (ip)
		inode_put(ip);
	return err;
}
