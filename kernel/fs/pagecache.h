/*
 * pagecache.h: one physical copy of each file page that is mapped.
 *
 * Memory mappings of files (proc/vma.c) and demand-paged programs
 * (proc/exec.c) map the page cache's pages, so every process that maps
 * page k of a file maps the same physical page and sees the others'
 * stores at once.  The cache holds one page reference per cached page;
 * each PTE that maps it holds another (mm/page.h).  Entries are keyed by
 * the in-memory inode (a referenced struct inode stays put); an inode's
 * pages are dropped when its last reference goes (iput).
 *
 * Dirty pages: a shared mapping marks a page dirty in its PTE (PTE_D, at
 * the first write) and writes it back when it lets go of the page
 * (munmap, exec, exit) or at msync.  So a cached page that no PTE maps
 * is clean, and eviction (pagecache_reclaim, called by the page
 * allocator when it runs dry) frees such pages without any I/O.
 *
 * Coherence with write(): writei copies each block it writes into the
 * cached page too (pagecache_write), so mappings see write() at once,
 * and a page read later is read after the write.  read() reads the disk
 * blocks (the buffer cache): it sees a mapping's stores only once they
 * are written back.  Truncation drops the pages past the new end and
 * zeroes the rest of the last one (pagecache_truncate); a page a process
 * still maps past the end stays mapped but is no longer the file's.
 *
 * Locks: pc.lock (a spin lock, in pagecache.c) guards the table, the hash
 * chains and every inode's list of pages (inode->pcpages).  A miss is
 * filled, and cached pages are changed, only under the inode's sleep
 * lock, which orders a page's first read against write() and truncate.
 * Lock order: an inode's lock, the inode table lock, then pc.lock, then
 * the page allocator's locks.  pc.lock is never held while allocating.
 */
#ifndef KITE_FS_PAGECACHE_H
#define KITE_FS_PAGECACHE_H

#include "../abi/types.h"
#include "lib/addr.h"

struct inode;
struct pcpage;
struct pcstats;

/*
 * Page pgno of the referenced, unlocked inode ip: 0 with *pa set and one
 * page reference for the caller (a PTE's, or page_free it); -E_FAULT if
 * the page holds no byte of the file, or if it is not cached and cannot
 * be read here (a spin lock or ip's own lock is held); -E_NOMEM; -E_IO.
 */
int pagecache_get(struct inode *ip, uint pgno, paddr_t *pa);
/* Is pa (still) ip's cached page pgno?  For write-back: a page dropped by
 * truncate is not the file's any more. */
int pagecache_holds(struct inode *ip, uint pgno, paddr_t pa);
/* writei wrote data to [off, off+n) of ip (one block, inode locked). */
void pagecache_write(struct inode *ip, uint off, const void *data, uint n);
/* ip (locked) is now size bytes long. */
void pagecache_truncate(struct inode *ip, uint size);
/* ip's last reference is gone (the inode table lock is held). */
void pagecache_forget(struct inode *ip);
/* Free up to want cached pages that no PTE maps; the number freed.  Any
 * context that may allocate a page may call it (spin locks held too). */
uint64 pagecache_reclaim(uint64 want);
/* Pages in the cache now, mapped or not (same contexts; no lock). */
uint64 pagecache_pages(void);

/* The counters (kernel/sysinfo.h), for tests and bench. */
void pagecache_get_stats(struct pcstats *st);
void pagecache_init(void);

#endif
