/*
 * usertests: concurrency, and random system calls from several processes
 * (a short run in the quick set, a long one in the slow set).
 */
#include "ut.h"

/* Parent and child write through one descriptor: nothing is lost. */
void test_sharedfd(void)
{
	enum { N = 500, LEN = 10 };
	int fd, pid, status, i, n, nc = 0, np = 0;
	char c;

	fd = open("shared", O_CREATE | O_TRUNC | O_RDWR);
	CHECK(fd >= 0, "create failed");
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	c = pid == 0 ? 'c' : 'p';
	memset(buf, c, LEN);
	for (i = 0; i < N; i++)
		if (write(fd, buf, LEN) != LEN) {
			if (pid == 0)
				exit(2);
			FAIL("write failed");
		}
	if (pid == 0)
		exit(0);
	CHECK(wait(&status) == pid && status == 0, "child failed");
	close(fd);
	fd = open("shared", O_RDONLY);
	CHECK(fd >= 0, "open failed");
	while ((n = read(fd, buf, BUFSZ)) > 0)
		for (i = 0; i < n; i++) {
			if (buf[i] == 'c')
				nc++;
			else if (buf[i] == 'p')
				np++;
			else
				FAIL("stray byte in the shared file");
		}
	close(fd);
	CHECK(nc == N * LEN && np == N * LEN, "%d child bytes, %d parent bytes, expected %d each",
	      nc, np, N * LEN);
	unlink("shared");
}

/* Several processes each write and check their own file at the same time. */
void test_concfiles(void)
{
	enum { NP = 4, SIZE = 24 * BSIZE, CHUNK = 500 };
	char name[8];
	int i, pid, status, fd, off, n;

	for (i = 0; i < NP; i++) {
		pid = fork();
		CHECK(pid >= 0, "fork failed");
		if (pid == 0) {
			numbered(name, "cf", i);
			fd = open(name, O_CREATE | O_TRUNC | O_WRONLY);
			if (fd < 0)
				exit(2);
			for (off = 0; off < SIZE; off += CHUNK) {
				n = SIZE - off < CHUNK ? SIZE - off : CHUNK;
				fill(buf, n, 20 + i, off);
				if (write(fd, buf, n) != n)
					exit(3);
			}
			close(fd);
			exit(0);
		}
	}
	for (i = 0; i < NP; i++) {
		CHECK(wait(&status) > 0, "wait failed");
		CHECK(status == 0, "a writer failed with status %d", status);
	}
	for (i = 0; i < NP; i++) {
		numbered(name, "cf", i);
		fd = open(name, O_RDONLY);
		CHECK(fd >= 0, "open failed");
		for (off = 0; (n = read(fd, buf, BUFSZ)) > 0; off += n)
			CHECK(check_fill(buf, n, 20 + i, off) < 0, "%s: wrong data near %d", name,
			      off);
		CHECK(off == SIZE, "%s has %d bytes", name, off);
		close(fd);
		CHECK(unlink(name) == 0, "unlink failed");
	}
}

/* Processes racing to create, link and unlink the same names. */
void test_concreate(void)
{
	enum { NP = 4, NNAMES = 10, ROUNDS = 30 };
	char name[8];
	int p, i, j, fd, status, found;

	for (p = 0; p < NP; p++) {
		int pid = fork();

		CHECK(pid >= 0, "fork failed");
		if (pid != 0)
			continue;
		for (i = 0; i < ROUNDS; i++) {
			for (j = 0; j < NNAMES; j++) {
				numbered(name, "x", j);
				switch ((i + j + p) % 3) {
				case 0:
					fd = open(name, O_CREATE | O_RDWR);
					if (fd >= 0) {
						write(fd, name, 2);
						close(fd);
					}
					break;
				case 1:
					unlink(name);
					break;
				case 2:
					link("x0", name);
					break;
				}
			}
		}
		exit(0);
	}
	for (p = 0; p < NP; p++)
		CHECK(wait(&status) > 0 && status == 0, "a racer failed");
	for (j = 0; j < NNAMES; j++) {
		numbered(name, "x", j);
		fd = open(name, O_RDONLY);
		if (fd >= 0) {
			CHECK(read(fd, buf, 10) <= 2, "file grew beyond its writes");
			close(fd);
			CHECK(unlink(name) == 0, "unlink %s failed", name);
		}
	}
	CHECK(count_entries(".", 0, &found) == 2, "names left over after cleanup");
}

/* ------------------------------------------------------------------ */
/* Random system calls                                                 */
/* ------------------------------------------------------------------ */

static uint64 rstate;

static int rnd(int n)
{
	rstate ^= rstate << 13;
	rstate ^= rstate >> 7;
	rstate ^= rstate << 17;
	return (int)(rstate % (uint64)n);
}

/* One worker of the random test: iters calls on shared names r0..r5. */
static void random_worker(int w, int iters)
{
	enum { NHELD = 6, HEAPMAX = 8 * PGSIZE };
	int held[NHELD], i, k, fd, n, pid, status, p[2], heap = 0;
	char name[4], name2[4], *base = sbrk(0);

	rstate = 0x2545f4914f6cdd1dULL + (uint64)w * 0x9e3779b97f4a7c15ULL;
	for (k = 0; k < NHELD; k++)
		held[k] = -1;
	name[0] = name2[0] = 'r';
	name[2] = name2[2] = 0;
	for (i = 0; i < iters; i++) {
		name[1] = '0' + rnd(6);
		name2[1] = '0' + rnd(6);
		k = rnd(NHELD);
		switch (rnd(14)) {
		case 0:
			fd = open(name,
			          rnd(2) ? O_CREATE | O_RDWR : rnd(O_ALLFLAGS + 1) & O_ALLFLAGS);
			if (fd >= 0) {
				if (held[k] >= 0)
					close(held[k]);
				held[k] = fd;
			}
			break;
		case 1:
			if (held[k] >= 0 && close(held[k]) != 0)
				exit(10);
			held[k] = -1;
			break;
		case 2:
			if (held[k] >= 0 && write(held[k], buf, rnd(2000)) > 2000)
				exit(11);
			break;
		case 3:
			if (held[k] >= 0 && read(held[k], buf2, rnd(2000)) > 2000)
				exit(12);
			break;
		case 4:
			unlink(name);
			break;
		case 5:
			if (pipe(p) == 0) {
				n = 1 + rnd(256);
				fill(buf, n, w, i);
				if (write(p[1], buf, n) != n || read(p[0], buf2, n) != n ||
				    memcmp(buf, buf2, n) != 0)
					exit(13);
				close(p[0]);
				close(p[1]);
			}
			break;
		case 6:
			pid = fork();
			if (pid == 0) {
				fd = open(name, O_CREATE | O_WRONLY);
				if (fd >= 0) {
					write(fd, name, 2);
					close(fd);
				}
				exit(w + 20);
			}
			if (pid > 0 && (wait(&status) != pid || status != w + 20))
				exit(14);
			break;
		case 7:
			if (rnd(2) && heap < HEAPMAX) {
				if (sbrk(PGSIZE) != (char *)-1) {
					memset(base + heap, w + 1, PGSIZE);
					heap += PGSIZE;
				}
			} else if (heap > 0) {
				if (base[heap - 1] != w + 1 || sbrk(-PGSIZE) == (char *)-1)
					exit(15);
				heap -= PGSIZE;
			}
			break;
		case 8:
			if (held[k] >= 0) {
				fd = dup(held[k]);
				if (fd >= 0)
					close(fd);
			}
			break;
		case 9:
			if (held[k] >= 0) {
				struct stat st;

				if (fstat(held[k], &st) != 0)
					exit(16);
			}
			break;
		case 10:
			/* A bad pointer with a good descriptor fails. */
			if (held[k] >= 0 &&
			    write(held[k], (char *)kernel_addrs[rnd(NELEM(kernel_addrs))], 10) !=
			        -1)
				exit(17);
			if (read(-1 - rnd(1000), buf, 1) != -1)
				exit(18);
			break;
		case 11:
			if (rnd(2))
				mkdir("rd");
			else
				unlink("rd");
			break;
		case 12:
			link(name, name2);
			break;
		case 13:
			symlink(name, name2);
			break;
		}
	}
	for (k = 0; k < NHELD; k++)
		if (held[k] >= 0)
			close(held[k]);
	exit(0);
}

static void random_stress(int nworkers, int iters)
{
	int w, pid, status;
	char name[4];

	for (w = 0; w < nworkers; w++) {
		pid = fork();
		CHECK(pid >= 0, "fork failed");
		if (pid == 0)
			random_worker(w, iters);
	}
	for (w = 0; w < nworkers; w++) {
		CHECK(wait(&status) > 0, "wait failed");
		CHECK(status == 0, "a worker failed with status %d", status);
	}
	name[0] = 'r';
	name[2] = 0;
	for (w = 0; w < 6; w++) {
		name[1] = '0' + w;
		unlink(name);
	}
	unlink("rd");
}

/* Short random run (quick set). */
void test_randsys(void)
{
	random_stress(3, 300);
}

/* Long random run (slow set). */
void test_stress(void)
{
	random_stress(6, 4000);
}
