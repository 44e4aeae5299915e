/*
 * test_pagecache.c: the page cache (fs/pagecache.h) on a real file: one
 * page per file page, write() copied in, truncate, reclaim and forget.
 */
#include "test/ktest.h"
#include "test/test_fs_util.h"
#include "fs/pagecache.h"
#include "fs/fsops.h"
#include "mm/page.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "../abi/fcntl.h"
#include "../abi/sysinfo.h"
#include "riscv.h"

#define PC_FILE "/t_pagecache"
#define PC_LEN (2 * PGSIZE + 100) /* pages 0, 1 and part of 2 */
#define PC_SEED 7
#define PC_CUT 50          /* truncated to this many bytes */
#define RECLAIM_ALL 100000 /* more than the cache holds */

static uint64 cached(void)
{
	struct pcstats st;
	pagecache_get_stats(&st);
	return st.cached;
}

KTEST(pagecache_file)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	static char buf[PC_LEN];
	tfs_pattern(buf, PC_LEN, 0, PC_SEED);
	KT_CHECK(tfs_write_file(PC_FILE, buf, PC_LEN) == PC_LEN);
	struct inode *ip = 0;
	KT_CHECK(fsop_open(0, PC_FILE, O_RDWR, &ip) == 0);
	uint64 base = cached();
	int ok = 1;
	paddr_t p0 = 0, p0again = 0, p1 = 0, p2 = 0, none = 0;
	/* One page per file page, with the file's bytes; the tail past the end is zero. */
	TSTEP(ok, pagecache_get(ip, 0, &p0) == 0 && page_refcount(p0) == 2);
	TSTEP(ok, pagecache_get(ip, 0, &p0again) == 0 && p0again == p0 && page_refcount(p0) == 3);
	TSTEP(ok, memcmp(pa2kva(p0), buf, PGSIZE) == 0);
	TSTEP(ok, pagecache_get(ip, 2, &p2) == 0 &&
	              memcmp(pa2kva(p2), buf + 2 * PGSIZE, 100) == 0 &&
	              ((char *)pa2kva(p2))[100] == 0);
	TSTEP(ok, pagecache_get(ip, 3, &none) == -E_FAULT); /* no byte of the file there */
	TSTEP(ok, cached() == base + 2);
	/* write() shows in the cached page. */
	TSTEP(ok, inode_write(ip, 0, (uint64) "XY", 10, 2) == 2);
	TSTEP(ok, ((char *)pa2kva(p0))[10] == 'X' && ((char *)pa2kva(p0))[11] == 'Y');
	/* Truncate drops the pages past the end and zeroes the tail of the last. */
	TSTEP(ok, pagecache_get(ip, 1, &p1) == 0);
	TSTEP(ok, inode_truncate(ip, PC_CUT) == 0);
	TSTEP(ok, pagecache_holds(ip, 0, p0) && !pagecache_holds(ip, 1, p1) &&
	              !pagecache_holds(ip, 2, p2));
	TSTEP(ok, ((char *)pa2kva(p0))[PC_CUT - 1] == buf[PC_CUT - 1] &&
	              ((char *)pa2kva(p0))[PC_CUT] == 0);
	TSTEP(ok, page_refcount(p1) == 1); /* only ours now */
	/* Reclaim frees only pages nobody else holds. */
	pagecache_reclaim(RECLAIM_ALL);
	TSTEP(ok, pagecache_holds(ip, 0, p0));
	paddr_t mine[] = {p0, p0again, p1, p2};
	for (uint i = 0; i < sizeof(mine) / sizeof(mine[0]); i++)
		if (mine[i])
			page_free(mine[i]);
	TSTEP(ok, pagecache_reclaim(RECLAIM_ALL) >= 1 && !pagecache_holds(ip, 0, p0));
	/* The last reference forgets the file's pages. */
	p0 = 0;
	TSTEP(ok, pagecache_get(ip, 0, &p0) == 0);
	if (p0)
		page_free(p0);
	TSTEP(ok, cached() == base + 1);
	inode_put(ip);
	TSTEP(ok, cached() == base);
	KT_CHECK(fsop_unlink(0, PC_FILE) == 0);
	KT_CHECK(ok);
	KT_CHECK(fs_snap_same(&before));
}
