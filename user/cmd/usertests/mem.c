/*
 * usertests: memory (copy-on-write fork, sbrk).
 */
#include "ut.h"

/*
 * After fork, parent and child each write their own copy of a region;
 * fork itself copies (almost) nothing; all pages come back afterwards.
 */
void test_cow(void)
{
	enum { NPAGES = 64, SIZE = NPAGES * PGSIZE };
	int pid, status, tochild[2], toparent[2];
	uint64 f0, f1, f2;
	char *region, c;

	CHECK(pipe(tochild) == 0 && pipe(toparent) == 0, "pipe failed");
	region = sbrk(SIZE);
	CHECK(region != (char *)-1, "sbrk failed");
	fill(region, SIZE, 1, 0);

	f0 = freemem();
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0) {
		read(tochild[0], &c, 1);
		if (check_fill(region, SIZE, 1, 0) >= 0)
			exit(2); /* does not see the parent's data */
		fill(region, SIZE, 2, 0);
		if (check_fill(region, SIZE, 2, 0) >= 0)
			exit(3);
		write(toparent[1], "w", 1);
		read(tochild[0], &c, 1);
		if (check_fill(region, SIZE, 2, 0) >= 0)
			exit(4); /* the parent's writes leaked into our copy */
		exit(0);
	}
	f1 = freemem();
	close(tochild[0]);
	close(toparent[1]); /* so a dead child means EOF, not a hang */
	CHECK(f0 - f1 < SIZE, "fork used %lu bytes: memory was not shared", f0 - f1);
	write(tochild[1], "g", 1);
	CHECK(read(toparent[0], &c, 1) == 1, "child died early");
	CHECK(check_fill(region, SIZE, 1, 0) < 0, "child's writes showed up in the parent");
	fill(region, SIZE, 3, 0);
	write(tochild[1], "g", 1);
	CHECK(wait(&status) == pid, "wait failed");
	CHECK(status == 0, "child saw wrong data (status %d)", status);
	CHECK(check_fill(region, SIZE, 3, 0) < 0, "parent's data changed");
	f2 = freemem();
	CHECK(f2 == f0, "after the child exited free memory is %lu, was %lu", f2, f0);
	close(tochild[1]);
	close(toparent[0]);
	CHECK(sbrk(-SIZE) != (char *)-1, "sbrk shrink failed");
}

/*
 * The kernel writing into a shared page on the process's behalf (read()
 * into a copy-on-write buffer) must give the process its own copy, and a
 * write() from a shared page must read the right data.
 */
void test_cowread(void)
{
	int pid, status, fd, p[2], sync[2], i;
	char c;

	fill(buf2, PGSIZE, 7, 0);
	write_file("data", buf2, PGSIZE);
	CHECK(pipe(p) == 0 && pipe(sync) == 0, "pipe failed");
	CHECK(write(p[1], "hello", 5) == 5, "pipe write failed");

	/* Child reads into the shared buffer; the parent's copy is untouched. */
	memset(buf, 'P', BUFSZ);
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0) {
		fd = open("data", O_RDONLY);
		if (fd < 0 || read(fd, buf + 100, PGSIZE) != PGSIZE)
			exit(2);
		close(fd);
		if (check_fill(buf + 100, PGSIZE, 7, 0) >= 0)
			exit(3);
		if (read(p[0], buf + BUFSZ - 3000, 5) != 5 ||
		    memcmp(buf + BUFSZ - 3000, "hello", 5))
			exit(4);
		for (i = 0; i < 100; i++)
			if (buf[i] != 'P')
				exit(5);
		/* write() from a page we share with nobody now, then from ours */
		fd = open("copy", O_CREATE | O_TRUNC | O_WRONLY);
		if (fd < 0 || write(fd, buf + 100, PGSIZE) != PGSIZE)
			exit(6);
		close(fd);
		exit(0);
	}
	CHECK(wait(&status) == pid, "wait failed");
	CHECK(status == 0, "child's read into a shared page went wrong (status %d)", status);
	for (i = 0; i < BUFSZ; i++)
		CHECK(buf[i] == 'P', "child's read() changed the parent's memory at %d", i);
	CHECK(read_file("copy", buf2, PGSIZE) == PGSIZE && check_fill(buf2, PGSIZE, 7, 0) < 0,
	      "write() from a copy-on-write page wrote the wrong data");

	/* Now the parent reads while a child holds the shared copy. */
	memset(buf, 'Q', BUFSZ);
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0) {
		read(sync[0], &c, 1);
		for (i = 0; i < BUFSZ; i++)
			if (buf[i] != 'Q')
				exit(7);
		exit(0);
	}
	fd = open("data", O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf + 10, PGSIZE) == PGSIZE, "read failed");
	close(fd);
	CHECK(check_fill(buf + 10, PGSIZE, 7, 0) < 0, "parent read wrong data");
	write(sync[1], "x", 1);
	CHECK(wait(&status) == pid, "wait failed");
	CHECK(status == 0, "parent's read() changed the child's memory");
	close(p[0]);
	close(p[1]);
	close(sync[0]);
	close(sync[1]);
	unlink("data");
	unlink("copy");
}

/* sbrk grows with zeroed memory, shrinks, and shrunk memory is gone. */
void test_sbrkbasic(void)
{
	enum { N = 10 };
	char *a, *b;
	uint64 f0, f1, f2, top;
	int i;

	a = sbrk(0);
	f0 = freemem();
	b = sbrk(N * PGSIZE);
	CHECK(b == a, "sbrk returned %p, the break was %p", b, a);
	CHECK(sbrk(0) == a + N * PGSIZE, "break did not move by the amount asked");
	for (i = 0; i < N * PGSIZE; i++)
		CHECK(b[i] == 0, "new memory not zeroed at offset %d", i);
	memset(b, 0x5a, N * PGSIZE);
	f1 = freemem();
	CHECK(f0 - f1 >= N * PGSIZE, "growing by %d pages used only %lu bytes", N, f0 - f1);

	CHECK(sbrk(-(N / 2) * PGSIZE) == a + N * PGSIZE, "shrink returned the wrong old break");
	CHECK(sbrk(0) == a + (N / 2) * PGSIZE, "break wrong after shrinking");
	f2 = freemem();
	CHECK(f2 - f1 >= (N / 2) * PGSIZE, "shrinking gave back only %lu bytes", f2 - f1);
	CHECK(b[0] == 0x5a && b[(N / 2) * PGSIZE - 1] == 0x5a, "kept memory changed");

	/* Memory given back can no longer be touched. */
	top = PGROUNDUP((uint64)sbrk(0));
	victim_addr = top;
	expect_killed(victim_read, "read of memory released by sbrk");
	victim_addr = top + 2 * PGSIZE;
	expect_killed(victim_write, "write of memory released by sbrk");

	/* Growing again gives zeroed pages, not the old contents. */
	b = sbrk((N / 2) * PGSIZE);
	CHECK(b == a + (N / 2) * PGSIZE, "regrow returned the wrong old break");
	for (i = 0; i < (N / 2) * PGSIZE; i++)
		if ((uint64)(b + i) >= top)
			CHECK(b[i] == 0, "regrown memory not zeroed at %p", b + i);

	/* Odd sizes work too. */
	CHECK(sbrk(-N * PGSIZE) == a + N * PGSIZE, "shrink failed");
	CHECK(sbrk(1) == a && sbrk(0) == a + 1, "sbrk(1) failed");
	a[0] = 1;
	CHECK(sbrk(-1) == a + 1 && sbrk(0) == a, "sbrk(-1) failed");
}

/* Asks for impossible amounts fail (or the process dies cleanly). */
static void victim_huge(void)
{
	char *start = sbrk(0), *p;
	uint64 i;

	p = sbrk(0x7fffffff);
	if (p == (char *)-1) {
		if (sbrk(0) != start)
			exit(2); /* failure changed the size */
		exit(0);
	}
	/* Accepted lazily: touching it all must get us killed, not hang. */
	for (i = 0; i < 0x7fffffff; i += PGSIZE)
		p[i] = 1;
	exit(3); /* 2 GiB cannot exist here */
}

static void victim_gigs(void)
{
	char *start = sbrk(0), *p;
	int n;
	uint64 i, total;

	for (n = 0; n < 300; n++) {
		p = sbrk(1 << 30);
		if (p == (char *)-1)
			break;
	}
	if (n == 300)
		exit(2); /* 300 GiB is more than the address space */
	if (sbrk(0) != start + (uint64)n * (1 << 30))
		exit(3); /* the failing call changed the size */
	total = (uint64)n << 30;
	for (i = 0; i < total; i += PGSIZE)
		start[i] = 1;
	exit(0); /* only right if nothing was granted */
}

void test_sbrkbad(void)
{
	char *start = sbrk(0);
	int status;

	status = run_child(victim_huge);
	CHECK(status == 0 || status == -1, "sbrk(0x7fffffff): status %d", status);
	status = run_child(victim_gigs);
	CHECK(status == 0 || status == -1, "repeated 1 GiB sbrk: status %d", status);

	/* Shrinking below zero changes nothing and returns the old break, as
	 * on xv6 (whose tests rely on it); into the program it is refused. */
	CHECK(sbrk(-((int)(uint64)start + PGSIZE)) == start, "shrink past zero: not the old break");
	CHECK(sbrk(-0x7fffffff) == start, "sbrk(-0x7fffffff): not the old break");
	CHECK(sbrk(-((int)(uint64)start - PGSIZE)) == (char *)-1,
	      "shrink into the program accepted");
	CHECK(sbrk(0) == start, "sbrk below the heap changed the size");
	victim_addr = (uint64)start - 1;
	victim_read(); /* the last byte is still ours */
}

/* System calls on freshly grown memory work; on released memory they fail. */
void test_sbrkargs(void)
{
	enum { SIZE = 3 * PGSIZE };
	char *start = sbrk(0), *w, *r;
	int *fds, fd;
	uint64 gone;

	w = sbrk(SIZE);
	r = sbrk(SIZE);
	fds = (int *)sbrk(PGSIZE);
	CHECK(w != (char *)-1 && r != (char *)-1 && fds != (int *)-1, "sbrk failed");
	fill(w, SIZE, 5, 0);
	write_file("f", w, SIZE);
	fd = open("f", O_RDONLY);
	CHECK(fd >= 0, "open failed");
	CHECK(read(fd, r, SIZE) == SIZE, "read into new memory failed");
	close(fd);
	CHECK(check_fill(r, SIZE, 5, 0) < 0, "data read into new memory is wrong");
	CHECK(pipe(fds) == 0, "pipe into new memory failed");
	close(fds[0]);
	close(fds[1]);

	CHECK(sbrk(-(2 * SIZE + PGSIZE)) != (char *)-1, "shrink failed");
	CHECK(sbrk(0) == start, "break not back where it started");
	gone = PGROUNDUP((uint64)start) + PGSIZE;
	fd = open("f", O_RDONLY);
	CHECK(fd >= 0, "open failed");
	CHECK(read(fd, (char *)gone, 10) == -1, "read into released memory accepted");
	close(fd);
	fd = open("f", O_WRONLY);
	CHECK(fd >= 0, "open failed");
	CHECK(write(fd, (char *)gone, 10) == -1, "write from released memory accepted");
	close(fd);
	CHECK(pipe((int *)gone) == -1, "pipe into released memory accepted");
	unlink("f");
}
