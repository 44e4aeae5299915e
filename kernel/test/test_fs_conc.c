/*
 * test_fs_conc.c: several kernel threads (on several harts) writing and
 * verifying their own files at once, and group commit batching their
 * transactions: fewer commits than operations.
 */
#include "test/ktest.h"
#include "test/test_fs_util.h"
#include "fs/fs.h"
#include "fs/fsops.h"
#include "fs/log.h"
#include "proc/proc.h"
#include "mm/kmalloc.h"
#include "../abi/fcntl.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

#define NWRITERS 4
#define WRITES_PER_THREAD 24
#define WRITE_LEN 700 /* not block aligned: writes straddle blocks */
#define PATHLEN 24

struct writer {
	int id;
	int ok;
	char path[PATHLEN];
};

static void writer_main(void *arg)
{
	struct writer *w = arg;
	char *buf = kmalloc(WRITE_LEN);
	struct inode *ip = 0;
	w->ok = buf && fsop_open(0, w->path, O_CREATE | O_RDWR | O_TRUNC, &ip) == 0;
	for (int i = 0; w->ok && i < WRITES_PER_THREAD; i++) {
		uint off = (uint)i * WRITE_LEN;
		tfs_pattern(buf, WRITE_LEN, off, (uint)w->id + 10);
		w->ok = inode_write(ip, 0, (uint64)buf, off, WRITE_LEN) == WRITE_LEN;
	}
	for (int i = 0; w->ok && i < WRITES_PER_THREAD; i++) {
		uint off = (uint)i * WRITE_LEN;
		w->ok = inode_read(ip, 0, (uint64)buf, off, WRITE_LEN) == WRITE_LEN &&
		        tfs_check_pattern(buf, WRITE_LEN, off, (uint)w->id + 10);
	}
	if (ip)
		inode_put(ip);
	kfree(buf);
}

KTEST(fs_concurrent_writers)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	static struct writer w[NWRITERS];
	uint64 c0 = log_commits();
	int started = 0;
	for (int i = 0; i < NWRITERS; i++) {
		w[i].id = i;
		w[i].ok = 0;
		snprintf(w[i].path, PATHLEN, "/t_conc%d", i);
		if (kthread_create(writer_main, &w[i], "fswriter") > 0)
			started++;
	}
	for (int i = 0; i < started; i++)
		proc_wait_kernel(0);
	uint64 commits = log_commits() - c0;
	int ok = started == NWRITERS;
	for (int i = 0; i < NWRITERS; i++) {
		ok = ok && w[i].ok;
		ok = ok && fsop_unlink(0, w[i].path) == 0;
	}
	KT_CHECK(ok);
	/* NWRITERS * (WRITES_PER_THREAD + 1) operations: without group commit
	 * each would commit alone.  How much they batch depends on how the
	 * threads overlap, which a loaded host changes (3/4 of the writes
	 * failed once in CI), so only "fewer commits than writes" is asserted. */
	KT_CHECK(commits < (uint64)NWRITERS * WRITES_PER_THREAD);
	KT_CHECK(fs_snap_same(&before));
}

/* Many threads looking names up and reading one shared file. */
#define NREADERS 3
#define READ_ROUNDS 40

static void reader_main(void *arg)
{
	int *ok = arg;
	char buf[16];
	for (int i = 0; *ok && i < READ_ROUNDS; i++)
		*ok = tfs_read_file("/t_shared/sub/f", buf, 0, sizeof(buf)) == 6 &&
		      memcmp(buf, "shared", 6) == 0;
}

KTEST(fs_concurrent_readers)
{
	struct fs_snapshot before;
	KT_CHECK(fs_snap(&before) == 0);
	int ok = fsop_mkdir(0, "/t_shared") == 0 && fsop_mkdir(0, "/t_shared/sub") == 0 &&
	         tfs_write_file("/t_shared/sub/f", "shared", 6) == 6;
	static int rok[NREADERS];
	int started = 0;
	for (int i = 0; ok && i < NREADERS; i++) {
		rok[i] = 1;
		if (kthread_create(reader_main, &rok[i], "fsreader") > 0)
			started++;
	}
	for (int i = 0; i < started; i++)
		proc_wait_kernel(0);
	for (int i = 0; i < started; i++)
		ok = ok && rok[i];
	ok = ok && started == NREADERS;
	ok = ok && fsop_unlink(0, "/t_shared/sub/f") == 0 && fsop_unlink(0, "/t_shared/sub") == 0 &&
	     fsop_unlink(0, "/t_shared") == 0;
	KT_CHECK(ok);
	KT_CHECK(fs_snap_same(&before));
}
