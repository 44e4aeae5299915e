/*
 * test_fdtable.c: descriptor tables (fs/fdtable.h) on a table of the
 * test's own: lowest free slot first, bad descriptors refused, dup
 * shares one file, a full table refuses, close_all empties it.
 */
#include "test/ktest.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "lib/errno.h"

KTEST(fdtable_basic)
{
	static struct fdtable t; /* NOFILE pointers: off the small kernel stack */
	fdt_init(&t);
	struct file *f = file_alloc();
	KT_CHECK(f);
	struct file *got = 0;
	KT_CHECK(fdt_get(&t, 0, &got) == -E_BADF);
	KT_CHECK(fdt_get(&t, -1, &got) == -E_BADF);
	KT_CHECK(fdt_get(&t, NOFILE, &got) == -E_BADF);
	KT_CHECK(fdt_close(&t, 0) == -E_BADF);
	KT_CHECK(fdt_dup(&t, NOFILE + 5) == -E_BADF);
	KT_CHECK(fdt_install(&t, f) == 0);
	KT_CHECK(fdt_get(&t, 0, &got) == 0 && got == f);
	KT_CHECK(fdt_dup(&t, 0) == 1);
	KT_CHECK(fdt_dup(&t, 1) == 2);
	KT_CHECK(fdt_close(&t, 1) == 0);
	KT_CHECK(fdt_get(&t, 1, &got) == -E_BADF);
	int fds[2];
	KT_CHECK(fdt_find_free(&t, fds, 2) == 0 && fds[0] == 1 && fds[1] == 3);
	KT_CHECK(fdt_dup(&t, 2) == 1); /* the lowest free slot again */
	while (fdt_dup(&t, 0) >= 0)
		;
	KT_CHECK(fdt_dup(&t, 0) == -E_MFILE);
	KT_CHECK(fdt_find_free(&t, fds, 1) == -E_MFILE);
	static struct fdtable child;
	fdt_copy(&child, &t);
	KT_CHECK(fdt_get(&child, NOFILE - 1, &got) == 0 && got == f);
	fdt_close_all(&child);
	fdt_close_all(&t);
	for (int fd = 0; fd < NOFILE; fd++)
		KT_CHECK(fdt_get(&t, fd, &got) == -E_BADF);
}
