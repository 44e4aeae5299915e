/*
 * sys_mmap.c: mmap, munmap and mprotect (proc/vma.h does the work).
 *
 * Every argument is checked here first, with POSIX's error numbers:
 * EINVAL for a zero length, unknown prot or flags bits, not exactly one of
 * MAP_SHARED and MAP_PRIVATE, an unaligned MAP_FIXED address or file
 * offset; ENOMEM for a range that does not fit the mmap region
 * (memlayout.h); EBADF for a bad descriptor; ENODEV for a descriptor that
 * is not a regular file; EACCES for a file not open for reading, or a
 * shared writable mapping of a file not open for writing.  msync writes a
 * range's dirty shared pages back; pcstats reports the page cache.
 */
#include "syscall/syscall.h"
#include "proc/proc.h"
#include "proc/vma.h"
#include "fs/file.h"
#include "fs/fsops.h"
#include "fs/pagecache.h"
#include "proc/uaccess.h"
#include "../abi/sysinfo.h"
#include "lib/errno.h"
#include "../abi/fcntl.h"
#include "../abi/stat.h"
#include "memlayout.h"

#define PROT_ALL (PROT_READ | PROT_WRITE | PROT_EXEC)
#define MAP_ALL (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS)
#define FILE_OFFSET_LIMIT (1ULL << 32) /* inode offsets are 32 bits */

static int page_aligned(uint64 a)
{
	return (a & (PGSIZE - 1)) == 0;
}

/* Is [addr, addr+len) inside the mmap region, without wrapping? */
static int in_region(uint64 addr, uint64 len)
{
	return addr >= MMAP_BASE && addr <= MMAP_TOP && len <= MMAP_TOP - addr;
}

/* The file behind fd for a mapping with prot and flags: 0, with *ip and
 * *writable set, or -E_*. */
static int mappable_file(int prot, int flags, struct inode **ip, int *writable)
{
	struct file *f;
	int err = arg_fd(4, 0, &f);
	if (err)
		return err;
	if (f->type != FD_INODE || inode_type(f->ip) != T_FILE)
		return -E_NODEV;
	if (!f->readable)
		return -E_ACCES;
	if ((flags & MAP_SHARED) && (prot & PROT_WRITE) && !f->writable)
		return -E_ACCES;
	*ip = f->ip;
	*writable = f->writable;
	return 0;
}

/* void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) */
int64 sys_mmap(void)
{
	uint64 addr = arg_addr(0), len = arg_raw(1);
	int prot = arg_int(2), flags = arg_int(3);
	int64 off = (int64)arg_raw(5);
	int sharing = flags & (MAP_SHARED | MAP_PRIVATE);
	if (len == 0 || (prot & ~PROT_ALL) || (flags & ~MAP_ALL) ||
	    (sharing != MAP_SHARED && sharing != MAP_PRIVATE))
		return -E_INVAL;
	if (len > MMAP_TOP - MMAP_BASE)
		return -E_NOMEM;
	len = PGROUNDUP(len);
	if (flags & MAP_FIXED) {
		if (!page_aligned(addr))
			return -E_INVAL;
		if (!in_region(addr, len))
			return -E_NOMEM;
	}
	struct inode *ip = 0;
	int writable = 1;
	if (!(flags & MAP_ANONYMOUS)) {
		if (off < 0 || !page_aligned((uint64)off) || (uint64)off >= FILE_OFFSET_LIMIT - len)
			return -E_INVAL;
		int err = mappable_file(prot, flags, &ip, &writable);
		if (err)
			return err;
	} else {
		off = 0; /* ignored, as fd is */
	}
	struct proc *p = myprocess();
	acquire_sleep(&p->mmap_lock); /* the process's threads share the table */
	int64 r = vma_map(p, addr, len, prot, flags, ip, (uint64)off, writable);
	release_sleep(&p->mmap_lock);
	return r;
}

/* int munmap(void *addr, size_t len): a range with no mapping is no error. */
int64 sys_munmap(void)
{
	uint64 addr = arg_addr(0), len = arg_raw(1);
	if (len == 0 || !page_aligned(addr) || addr >= USER_TOP || len > USER_TOP - addr)
		return -E_INVAL;
	struct proc *p = myprocess();
	acquire_sleep(&p->mmap_lock);
	int r = vma_unmap(p, addr, len);
	release_sleep(&p->mmap_lock);
	return r;
}

/* int mprotect(void *addr, size_t len, int prot): the range must be mapped whole. */
int64 sys_mprotect(void)
{
	uint64 addr = arg_addr(0), len = arg_raw(1);
	int prot = arg_int(2);
	if (!page_aligned(addr) || (prot & ~PROT_ALL))
		return -E_INVAL;
	if (len == 0)
		return 0; /* nothing to change, as Linux */
	if (len > MMAP_TOP - MMAP_BASE || !in_region(addr, PGROUNDUP(len)))
		return -E_NOMEM;
	struct proc *p = myprocess();
	acquire_sleep(&p->mmap_lock);
	int r = vma_protect(p, addr, len, prot);
	release_sleep(&p->mmap_lock);
	return r;
}

/* int msync(void *addr, size_t len, int flags): flags has MS_ASYNC or
 * MS_SYNC (not both), MS_INVALIDATE too if wanted (nothing to do: the
 * mappings are the cache's pages). */
int64 sys_msync(void)
{
	uint64 addr = arg_addr(0), len = arg_raw(1);
	int flags = arg_int(2);
	if (!page_aligned(addr) || (flags & ~(MS_ASYNC | MS_SYNC | MS_INVALIDATE)) ||
	    (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC))
		return -E_INVAL;
	if (len == 0)
		return 0;
	if (len > MMAP_TOP - MMAP_BASE || !in_region(addr, PGROUNDUP(len)))
		return -E_NOMEM;
	struct proc *p = myprocess(); /* the mappings are the process's, not the thread's */
	acquire_sleep(&p->mmap_lock);
	int err = vma_sync(p, addr, len);
	release_sleep(&p->mmap_lock);
	if (!err && (flags & MS_SYNC))
		err = inode_sync();
	return err;
}

/* int pcstats(struct pcstats *st) */
int64 sys_pcstats(void)
{
	struct pcstats st;
	pagecache_get_stats(&st);
	return copyout(myproc()->pagetable, arg_addr(0), &st, sizeof(st));
}
