/*
 * ftest CASE [ARGS]: checks of the file calls for the grade tests
 * (grade/test_files.py).  Each case prints "CASE ok" or one line
 * "ftest: CASE: what failed" and exits 1.
 *
 *   hole F         lseek past the end and back: the hole reads as zeros
 *   append F N     two processes append N lines each through their own
 *                  O_APPEND descriptors: every line arrives whole
 *   trunc F        ftruncate shrinks and grows; fsync; bad input
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/kite.h"

#define HOLE_AT 5000      /* past the first block */
#define LINE_LEN 8        /* "A 00042\n" */
#define LINE_DIGITS 5
#define MAX_LINES 10000
#define TRUNC_LEN 3000
#define TRUNC_SHORT 100
#define TRUNC_LONG 2000
#define PATTERN_PERIOD 26

static const char *test_name;

static void __attribute__((noreturn)) fail(const char *what)
{
	fprintf(2, "ftest: %s: %s\n", test_name, what);
	exit(1);
}

static void expect(int cond, const char *what)
{
	if (!cond)
		fail(what);
}

static void __attribute__((noreturn)) pass(void)
{
	printf("%s ok\n", test_name);
	exit(0);
}

static int all_zero(const char *buf, int n)
{
	for (int i = 0; i < n; i++)
		if (buf[i])
			return 0;
	return 1;
}

static void test_hole(const char *path)
{
	static char buf[HOLE_AT + 1];
	int fd = open(path, O_RDWR | O_CREATE | O_TRUNC);
	expect(fd >= 0, "cannot create the file");
	expect(write(fd, "ab", 2) == 2, "first write");
	expect(lseek(fd, 0, SEEK_CUR) == 2, "SEEK_CUR 0 after two bytes is not 2");
	expect(lseek(fd, HOLE_AT, SEEK_SET) == HOLE_AT, "SEEK_SET past the end");
	expect(write(fd, "z", 1) == 1, "write past the end (a hole) refused");
	expect(lseek(fd, -1, SEEK_END) == HOLE_AT, "SEEK_END -1");
	expect(lseek(fd, 0, SEEK_SET) == 0, "back to the start");
	expect(read(fd, buf, sizeof(buf)) == HOLE_AT + 1, "reading the whole file back");
	expect(buf[0] == 'a' && buf[1] == 'b' && buf[HOLE_AT] == 'z', "data around the hole");
	expect(all_zero(buf + 2, HOLE_AT - 2), "the hole does not read as zeros");
	struct stat st;
	expect(fstat(fd, &st) == 0 && st.size == HOLE_AT + 1, "fstat size after the hole");
	/* Bad input. */
	expect(lseek(fd, -1, SEEK_SET) < 0, "a negative offset was accepted");
	expect(lseek(fd, -(HOLE_AT + 2), SEEK_END) < 0, "SEEK_END before the start was accepted");
	expect(lseek(fd, 0, 7) < 0, "an unknown whence was accepted");
	expect(lseek(fd, 0, SEEK_CUR) == HOLE_AT + 1, "a refused seek moved the offset");
	expect(lseek(99, 0, SEEK_SET) < 0 && lseek(-1, 0, SEEK_SET) < 0, "a bad descriptor");
	int p[2];
	expect(pipe(p) == 0, "pipe");
	expect(lseek(p[0], 0, SEEK_SET) < 0 && lseek(p[1], 0, SEEK_CUR) < 0, "lseek on a pipe");
	close(p[0]);
	close(p[1]);
	close(fd);
	pass();
}

/* Append n lines "T NNNNN\n" through a descriptor of one's own. */
static void append_lines(const char *path, char tag, int n)
{
	int fd = open(path, O_WRONLY | O_CREATE | O_APPEND);
	if (fd < 0)
		fail("cannot open with O_APPEND");
	for (int i = 0; i < n; i++) {
		char line[LINE_LEN + 1];
		snprintf(line, sizeof(line), "%c %05d\n", tag, i);
		if (write(fd, line, LINE_LEN) != LINE_LEN)
			fail("short append");
		if (i % 16 == 0)
			pause(0); /* let the other writer in between */
	}
	close(fd);
}

static void test_append(const char *path, int n)
{
	static int seen[2][MAX_LINES];
	expect(n > 0 && n <= MAX_LINES, "N out of range");
	int fd = open(path, O_WRONLY | O_CREATE | O_TRUNC);
	expect(fd >= 0, "cannot create the file");
	close(fd);
	for (int c = 0; c < 2; c++) {
		int pid = fork();
		expect(pid >= 0, "fork");
		if (pid == 0) {
			append_lines(path, (char)('A' + c), n);
			exit(0);
		}
	}
	int status, bad = 0;
	for (int c = 0; c < 2; c++)
		if (wait(&status) < 0 || status != 0)
			bad = 1;
	expect(!bad, "a writer failed");
	fd = open(path, O_RDONLY);
	expect(fd >= 0, "cannot reopen");
	char line[LINE_LEN];
	int count = 0, r;
	while ((r = read(fd, line, LINE_LEN)) == LINE_LEN) {
		int who = line[0] - 'A', num = 0;
		expect(who == 0 || who == 1, "a line was torn or overwritten");
		expect(line[1] == ' ' && line[LINE_LEN - 1] == '\n', "a line was torn");
		for (int i = 0; i < LINE_DIGITS; i++)
			num = num * 10 + (line[2 + i] - '0');
		expect(num >= 0 && num < n && !seen[who][num], "a line is there twice");
		seen[who][num] = 1;
		count++;
	}
	expect(r == 0, "the file does not end with a whole line");
	close(fd);
	if (count != 2 * n) {
		fprintf(2, "ftest: append: %d of %d lines\n", count, 2 * n);
		exit(1);
	}
	pass();
}

static void test_trunc(const char *path)
{
	static char buf[TRUNC_LEN];
	for (int i = 0; i < TRUNC_LEN; i++)
		buf[i] = (char)('a' + i % PATTERN_PERIOD);
	int fd = open(path, O_RDWR | O_CREATE | O_TRUNC);
	expect(fd >= 0, "cannot create the file");
	expect(write(fd, buf, TRUNC_LEN) == TRUNC_LEN, "write");
	struct stat st;
	expect(ftruncate(fd, TRUNC_SHORT) == 0, "shrinking");
	expect(fstat(fd, &st) == 0 && st.size == TRUNC_SHORT, "size after shrinking");
	expect(ftruncate(fd, TRUNC_LONG) == 0, "growing");
	expect(fstat(fd, &st) == 0 && st.size == TRUNC_LONG, "size after growing");
	expect(lseek(fd, 0, SEEK_SET) == 0, "seek");
	expect(read(fd, buf, TRUNC_LEN) == TRUNC_LONG, "read after growing");
	expect(buf[0] == 'a' && buf[TRUNC_SHORT - 1] == (char)('a' + (TRUNC_SHORT - 1) % PATTERN_PERIOD),
	       "kept bytes changed");
	expect(all_zero(buf + TRUNC_SHORT, TRUNC_LONG - TRUNC_SHORT), "the grown part is not zeros");
	expect(fsync(fd) == 0, "fsync");
	/* Bad input. */
	expect(ftruncate(fd, -1) < 0, "a negative length was accepted");
	expect(ftruncate(99, 0) < 0, "a bad descriptor");
	close(fd);
	fd = open(path, O_RDONLY);
	expect(fd >= 0 && ftruncate(fd, 0) < 0, "ftruncate through a read-only descriptor");
	close(fd);
	fd = open("/", O_RDONLY);
	expect(fd >= 0 && ftruncate(fd, 0) < 0, "ftruncate of a directory");
	expect(fsync(fd) == 0, "fsync of a directory");
	close(fd);
	int p[2];
	expect(pipe(p) == 0, "pipe");
	expect(ftruncate(p[1], 0) < 0 && fsync(p[1]) < 0, "ftruncate or fsync on a pipe");
	close(p[0]);
	close(p[1]);
	expect(fsync(99) < 0, "fsync of a bad descriptor");
	pass();
}

int main(int argc, char *argv[])
{
	if (argc < 2) {
		fprintf(2, "usage: ftest hole F | append F N | trunc F\n");
		exit(1);
	}
	test_name = argv[1];
	if (strcmp(argv[1], "hole") == 0 && argc == 3)
		test_hole(argv[2]);
	if (strcmp(argv[1], "append") == 0 && argc == 4)
		test_append(argv[2], atoi(argv[3]));
	if (strcmp(argv[1], "trunc") == 0 && argc == 3)
		test_trunc(argv[2]);
	fail("unknown case or wrong arguments");
}
