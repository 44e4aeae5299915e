/*
 * usertests: limits (slow): process slots, memory, inodes and disk blocks
 * run out, and each failure is clean.
 */
#include "ut.h"

/* Fork until the process table is full; fork fails cleanly with -1. */
void test_forkall(void)
{
	int gate[2], n, i, pid = 0, status;
	char c;

	CHECK(pipe(gate) == 0, "pipe failed");
	for (n = 0; n <= NPROC; n++) {
		pid = fork();
		if (pid < 0)
			break;
		if (pid == 0) {
			close(gate[1]);
			read(gate[0], &c, 1);
			exit(0);
		}
	}
	CHECK(pid == -1, "fork returned %d, expected -1", pid);
	CHECK(n > 0 && n < NPROC, "forked %d children", n);
	CHECK(nprocs() == NPROC, "fork failed with %d of %d process slots used", nprocs(), NPROC);
	pid = fork();
	if (pid == 0)
		exit(0);
	CHECK(pid == -1, "fork succeeded with a full table");

	close(gate[0]);
	close(gate[1]);
	for (i = 0; i < n; i++) {
		CHECK(wait(&status) > 0, "wait failed after %d children", i);
		CHECK(status == 0, "child exited with %d", status);
	}
	CHECK(wait(0) == -1, "wait with no children left");
	pid = fork();
	CHECK(pid >= 0, "fork failed after the table emptied");
	if (pid == 0)
		exit(0);
	CHECK(wait(0) == pid, "wait failed");
}

/* Take every page with sbrk until it fails, then give them back. */
static void victim_eatmem(void)
{
	char *start = sbrk(0), *p;
	uint64 total = 0, i, low, high;
	int step = 256, pid;

	while (step > 0) {
		p = sbrk(step * PGSIZE);
		if (p == (char *)-1) {
			step /= 2;
			continue;
		}
		for (i = 0; i < (uint64)step * PGSIZE; i += PGSIZE)
			p[i] = 1; /* a lazy kernel may kill us here: also fine */
		total += (uint64)step * PGSIZE;
	}
	low = freemem();
	if (low > 64 * PGSIZE)
		exit(2); /* sbrk failed with plenty of memory left */
	if (sbrk(0) != start + total)
		exit(3);

	/* Memory is gone: fork and pipe fail cleanly or work. */
	pid = fork();
	if (pid == 0)
		exit(0);
	if (pid > 0 && wait(0) != pid)
		exit(4);

	if (sbrk(-(int)total) != start + total || sbrk(0) != start)
		exit(5);
	high = freemem();
	if (high < low + total)
		exit(6);
	exit(0);
}

void test_sbrkall(void)
{
	int status = run_child(victim_eatmem);

	CHECK(status == 0 || status == -1, "memory exhaustion: status %d", status);
}

/* Create empty files until the inodes run out (or a bound is reached). */
void test_outofinodes(void)
{
	enum { MAXFILES = 10000, PERDIR = 200 };
	char name[32];
	int n, fd, d, len, full = 0;

	for (n = 0; n < MAXFILES; n++) {
		d = n / PERDIR;
		if (n % PERDIR == 0) {
			numbered(name, "d", d);
			if (mkdir(name) < 0) {
				full = 1;
				break;
			}
		}
		numbered(name, "d", d);
		len = strlen(name);
		name[len] = '/';
		numbered(name + len + 1, "f", n % PERDIR);
		fd = open(name, O_CREATE | O_RDWR);
		if (fd < 0) {
			full = 1;
			break;
		}
		close(fd);
	}
	if (!full)
		printf("  %s: %d files created without running out (bound reached)\n", testname, n);
	/* Remove everything, then files can be created again. */
	for (d = 0; d * PERDIR <= n; d++) {
		numbered(name, "d", d);
		if (chdir(name) < 0)
			continue;
		for (fd = 0; fd < PERDIR; fd++) {
			numbered(buf2, "f", fd);
			unlink(buf2);
		}
		CHECK(chdir("..") == 0, "chdir .. failed");
		CHECK(unlink(name) == 0, "could not remove %s", name);
	}
	fd = open("again", O_CREATE | O_RDWR);
	CHECK(fd >= 0, "cannot create a file after freeing %d inodes", n);
	close(fd);
	unlink("again");
}

/* Write files until the disk is full; write fails, then space comes back. */
void test_outofblocks(void)
{
	enum { PERFILE = 32 * 1024 * 1024, MAXFILES = 2 * (FSSIZE * (uint64)BSIZE / PERFILE) + 2 };
	char name[16];
	int f, fd, n, r = 0, full = 0;
	uint64 written = 0, off;

	fill(buf, BUFSZ, 15, 0);
	for (f = 0; f < MAXFILES && !full; f++) {
		numbered(name, "blk", f);
		fd = open(name, O_CREATE | O_TRUNC | O_WRONLY);
		if (fd < 0) {
			full = 1;
			break;
		}
		for (off = 0; off < PERFILE; off += n) {
			n = BUFSZ;
			r = write(fd, buf, n);
			if (r != n) {
				full = 1;
				break;
			}
		}
		written += off + (r > 0 ? r : 0);
		close(fd);
	}
	CHECK(full, "wrote %lu bytes without the disk filling up", written);
	CHECK(r == -1 || r < BUFSZ, "odd write result %d on a full disk", r);
	for (n = 0; n <= f; n++) {
		numbered(name, "blk", n);
		unlink(name);
	}
	/* The space is back. */
	file_roundtrip("after", 1024 * 1024);
}
