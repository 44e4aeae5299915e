/*
 * usertests: bad arguments, descriptors and paths (every one fails with
 * -1 and changes nothing).
 */
#include "ut.h"

/* Grow the break to a page boundary and return it. */
static char *aligned_end(void)
{
	char *end = sbrk(0);
	int pad = (int)(PGROUNDUP((uint64)end) - (uint64)end);

	if (pad)
		CHECK(sbrk(pad) == end, "sbrk failed");
	return sbrk(0);
}

/* Every call taking a pointer, given the bad pointer p. */
static void bad_pointer_calls(char *p, int rfd, int wfd, int lowest)
{
	struct stat st;
	int pid, status;

	CHECK(read(rfd, p, 10) == -1, "read into %p accepted", p);
	CHECK(write(wfd, p, 10) == -1, "write from %p accepted", p);
	CHECK(fstat(rfd, (struct stat *)p) == -1, "fstat into %p accepted", p);
	CHECK(open(p, O_RDONLY) == -1, "open of path %p accepted", p);
	CHECK(open(p, O_CREATE | O_RDWR) == -1, "create of path %p accepted", p);
	CHECK(pipe((int *)p) == -1, "pipe into %p accepted", p);
	CHECK(dup(0) == lowest, "a failed call left a descriptor open");
	close(lowest);
	CHECK(mkdir(p) == -1, "mkdir %p accepted", p);
	CHECK(unlink(p) == -1, "unlink %p accepted", p);
	CHECK(chdir(p) == -1, "chdir %p accepted", p);
	CHECK(link(p, "x") == -1 && link("data", p) == -1, "link with %p accepted", p);
	CHECK(symlink(p, "x") == -1 && symlink("data", p) == -1, "symlink with %p accepted", p);
	CHECK(mknod(p, CONSOLE, 0) == -1, "mknod %p accepted", p);
	CHECK(sysinfo((struct sysinfo *)p) == -1, "sysinfo into %p accepted", p);
	CHECK(procinfo((struct procinfo *)p, 1) == -1, "procinfo into %p accepted", p);
	CHECK(kstats((struct kstats *)p) == -1, "kstats into %p accepted", p);

	/* wait into a bad pointer fails and leaves the zombie to reap. */
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0)
		exit(5);
	sleep(1);
	CHECK(wait((int *)p) == -1, "wait into %p accepted", p);
	CHECK(wait(&status) == pid && status == 5, "failed wait lost the child");

	/* Nothing was created and the input file's offset did not move. */
	CHECK(open("x", O_RDONLY) == -1, "a failed call created a file");
	CHECK(fstat(wfd, &st) == 0 && st.size == 0, "a failed write changed the file");
}

/* exec with bad pointers, in a child (a wrong success runs the helper). */
static char *bad_exec_ptr;

static void bad_exec_calls(void)
{
	char *argv[4];

	argv[0] = "usertests";
	argv[1] = EXEC_HELPER;
	argv[2] = bad_exec_ptr;
	argv[3] = 0;
	if (exec(bad_exec_ptr, argv) != -1)
		exit(2);
	if (exec(selfpath, (char **)bad_exec_ptr) != -1)
		exit(3);
	if (exec(selfpath, argv) != -1)
		exit(4);
	exit(0);
}

void test_badptr(void)
{
	int rfd, wfd, lowest, i, n, status;
	char *end, *p;

	fill(buf, 256, 3, 0);
	write_file("data", buf, 256);
	rfd = open("data", O_RDONLY);
	wfd = open("out", O_CREATE | O_TRUNC | O_WRONLY);
	CHECK(rfd >= 0 && wfd >= 0, "open failed");
	lowest = dup(0);
	CHECK(lowest >= 0, "dup failed");
	close(lowest);

	for (i = 0; i <= NELEM(kernel_addrs) + 1; i++) {
		if (i < NELEM(kernel_addrs))
			p = (char *)kernel_addrs[i];
		else if (i == NELEM(kernel_addrs))
			p = (char *)past_end();
		else
			p = (char *)(stack_bottom() - PGSIZE / 2); /* stack guard */
		bad_pointer_calls(p, rfd, wfd, lowest);
		bad_exec_ptr = p;
		status = run_child(bad_exec_calls);
		CHECK(status == 0, "exec with bad pointer %p: status %d", p, status);
	}

	/* Buffers that start in our memory and run past its end. */
	end = aligned_end();
	CHECK(read(rfd, end - 10, 20) == -1, "read running past the end accepted");
	CHECK(write(wfd, end - 10, 20) == -1, "write running past the end accepted");
	/* A path whose NUL would be past the end of memory. */
	memmove(end - 3, "abc", 3);
	CHECK(open(end - 3, O_CREATE | O_RDWR) == -1, "unterminated path accepted");
	CHECK(open("abc", O_RDONLY) == -1, "unterminated path created a file");

	/* None of the failures moved the offset or wrote anything. */
	n = read(rfd, buf2, 256);
	CHECK(n == 256 && check_fill(buf2, 256, 3, 0) < 0, "a failed read moved the file offset");
	close(rfd);
	close(wfd);
	CHECK(read_file("out", buf2, 16) == 0, "a failed write wrote data");
	unlink("data");
	unlink("out");
}

/* The kernel must not write into our read-only program text. */
void test_readtext(void)
{
	char *code = (char *)(uint64)&victim_write;
	char before[32];
	int fd, p[2];

	memmove(before, code, sizeof(before));
	fill(buf, 64, 9, 0);
	write_file("t", buf, 64);
	fd = open("t", O_RDONLY);
	CHECK(fd >= 0, "open failed");
	CHECK(read(fd, code, sizeof(before)) == -1, "read() into program text accepted");
	CHECK(fstat(fd, (struct stat *)code) == -1, "fstat() into program text accepted");
	close(fd);
	CHECK(pipe((int *)code) == -1, "pipe() into program text accepted");
	CHECK(memcmp(before, code, sizeof(before)) == 0, "program text was modified");
	/* and the code still runs */
	victim_addr = (uint64)buf;
	victim_write();
	CHECK(buf[0] == 'x', "program text broken");
	/* write() *from* text is fine: it is readable */
	CHECK(pipe(p) == 0, "pipe failed");
	CHECK(write(p[1], code, 8) == 8, "write from program text failed");
	close(p[0]);
	close(p[1]);
	unlink("t");
}

/* Bad descriptors, wrong modes, negative lengths. */
void test_badfd(void)
{
	static const int bad[] = {-1, NOFILE, NOFILE + 1, 1000, 1 << 30, -(1 << 30), 0};
	int i, fd, rfd, wfd, p[2];
	struct stat st;

	fd = open("f", O_CREATE | O_RDWR);
	CHECK(fd >= 0, "create failed");
	CHECK(write(fd, "hello", 5) == 5, "write failed");
	close(fd);
	for (i = 0; i < NELEM(bad); i++) {
		int b = i == NELEM(bad) - 1 ? fd : bad[i]; /* last: a closed fd */

		CHECK(read(b, buf, 10) == -1, "read of fd %d accepted", b);
		CHECK(write(b, buf, 10) == -1, "write of fd %d accepted", b);
		CHECK(fstat(b, &st) == -1, "fstat of fd %d accepted", b);
		CHECK(dup(b) == -1, "dup of fd %d accepted", b);
		CHECK(close(b) == -1, "close of fd %d accepted", b);
	}

	rfd = open("f", O_RDONLY);
	wfd = open("f", O_WRONLY);
	CHECK(rfd >= 0 && wfd >= 0, "open failed");
	CHECK(write(rfd, "x", 1) == -1, "write to a read-only fd accepted");
	CHECK(read(wfd, buf, 1) == -1, "read of a write-only fd accepted");
	CHECK(read(rfd, buf, -1) == -1, "read with negative length accepted");
	CHECK(write(wfd, buf, -1) == -1, "write with negative length accepted");
	CHECK(read(rfd, buf, -4096) == -1, "read with negative length accepted");
	CHECK(read(rfd, buf, 0) == 0, "read of 0 bytes failed");
	CHECK(read(rfd, buf, 10) == 5 && memcmp(buf, "hello", 5) == 0,
	      "failed calls disturbed the file");
	close(rfd);
	close(wfd);

	/* Directories cannot be written. */
	CHECK(open(".", O_WRONLY) == -1 && open(".", O_RDWR) == -1, "directory opened for writing");
	fd = open(".", O_RDONLY);
	CHECK(fd >= 0, "cannot open the directory for reading");
	CHECK(write(fd, "x", 1) == -1, "write to a directory accepted");
	close(fd);

	/* Each pipe end only works one way. */
	CHECK(pipe(p) == 0, "pipe failed");
	CHECK(write(p[0], "x", 1) == -1, "write to a pipe's read end accepted");
	CHECK(read(p[1], buf, 1) == -1, "read of a pipe's write end accepted");
	CHECK(write(p[1], buf, -1) == -1, "negative-length pipe write accepted");
	close(p[0]);
	close(p[1]);
	unlink("f");
}

/* A process can hold NOFILE descriptors, no more; failures leak none. */
void test_fdlimit(void)
{
	int fds[NOFILE], n = 0, fd, highest = -1, i, p[2];

	for (;;) {
		fd = open("f", O_CREATE | O_RDWR);
		if (fd < 0)
			break;
		CHECK(n < NOFILE, "more than NOFILE descriptors open");
		fds[n++] = fd;
		if (fd > highest)
			highest = fd;
	}
	CHECK(highest == NOFILE - 1, "highest fd %d, expected %d", highest, NOFILE - 1);
	CHECK(dup(fds[0]) == -1, "dup with a full table accepted");
	CHECK(pipe(p) == -1, "pipe with a full table accepted");

	/* One free slot: a pipe still needs two, and must not keep the one. */
	close(fds[n - 1]);
	CHECK(pipe(p) == -1, "pipe with one free slot accepted");
	fd = open("f", O_RDWR);
	CHECK(fd == fds[n - 1], "the free slot was lost: got %d", fd);
	for (i = 0; i < n; i++)
		close(fds[i]);
	CHECK(pipe(p) == 0, "pipe failed after closing everything");
	close(p[0]);
	close(p[1]);
	unlink("f");
}

/* Unknown open() flag bits are refused, and nothing is created. */
void test_openflags(void)
{
	static const int badflags[] = {0x1000, 0x4000, 0x100000, 0x40000000, -1};
	int i, fd;

	for (i = 0; i < NELEM(badflags); i++) {
		CHECK(open("nf", O_CREATE | O_RDWR | badflags[i]) == -1,
		      "open with flags %x accepted", O_CREATE | O_RDWR | badflags[i]);
		CHECK(open("nf", O_RDONLY) == -1, "refused open created a file");
	}
	CHECK((O_ALLFLAGS & 0x1000) == 0, "test assumes bit 0x1000 is unused");

	/* O_CREATE with O_RDONLY creates a readable empty file. */
	fd = open("nf", O_CREATE | O_RDONLY);
	CHECK(fd >= 0, "O_CREATE|O_RDONLY failed");
	CHECK(read(fd, buf, 10) == 0, "new file is not empty");
	CHECK(write(fd, "x", 1) == -1, "write through O_RDONLY accepted");
	close(fd);
	unlink("nf");
}

/* Bad paths: missing, through files, existing names, too long, . and .. */
void test_badpath(void)
{
	write_file("file", "x", 1);
	CHECK(open("nonexistent", O_RDONLY) == -1, "open of a missing file");
	CHECK(open("file/x", O_RDONLY) == -1, "path through a file");
	CHECK(open("file/x", O_CREATE | O_RDWR) == -1, "create under a file");
	CHECK(mkdir("file/d") == -1, "mkdir under a file");
	CHECK(mkdir("nodir/d") == -1, "mkdir under a missing directory");
	CHECK(open("nodir/f", O_CREATE | O_RDWR) == -1, "create under a missing directory");
	CHECK(mkdir("file") == -1, "mkdir over a file");
	CHECK(mkdir("d") == 0, "mkdir failed");
	CHECK(mkdir("d") == -1, "mkdir of an existing directory");
	CHECK(open("d", O_CREATE | O_RDWR) == -1, "create over a directory");
	CHECK(link("file", "d") == -1, "link over an existing name");
	CHECK(link("file", "file") == -1, "link to itself");
	CHECK(link("d", "dlink") == -1, "hard link to a directory");
	CHECK(link("missing", "x") == -1, "link of a missing file");
	CHECK(link("file", "nodir/x") == -1, "link into a missing directory");
	CHECK(unlink("nonexistent") == -1, "unlink of a missing file");
	CHECK(unlink(".") == -1 && unlink("..") == -1, "unlink of . or ..");
	CHECK(unlink("d/.") == -1 && unlink("d/..") == -1, "unlink of d/. or d/..");
	CHECK(chdir("file") == -1, "chdir into a file");
	CHECK(chdir("nonexistent") == -1, "chdir into a missing directory");
	CHECK(symlink("file", "d") == -1, "symlink over an existing name");

	/* A path longer than MAXPATH is refused, not cut short. */
	memset(buf, 'a', MAXPATH + 20);
	buf[MAXPATH + 20] = 0;
	CHECK(open(buf, O_CREATE | O_RDWR) == -1, "overlong path accepted");
	CHECK(mkdir(buf) == -1, "overlong mkdir accepted");
	buf[DIRSIZ] = 0;
	CHECK(open(buf, O_RDONLY) == -1, "overlong path created a file");

	CHECK(unlink("d") == 0 && unlink("file") == 0, "cleanup failed");
	CHECK(open("dlink", O_RDONLY) == -1 && open("x", O_RDONLY) == -1,
	      "a failed link left a name");
}
