/*
 * ftest CASE [ARGS]: checks of the file calls for the grade tests
 * (grade/test_files.py).  Each case prints "CASE ok" or one line
 * "ftest: CASE: what failed" and exits 1.
 *
 *   hole F         lseek past the end and back: the hole reads as zeros
 *   append F N     two processes append N lines each through their own
 *                  O_APPEND descriptors: every line arrives whole
 *   bigappend F    the same with records far larger than one transaction
 *   trunc F        ftruncate shrinks and grows; fsync; bad input
 *   rename         files and directories in a fresh directory /rn; bad input
 *   cwd            getcwd in nested, too small, bad and removed cases
 *   devices        /dev/null and /dev/zero
 *   renameloop     move a file and a directory back and forth in /rl
 *                  until killed (the power-cut test; goes on from the
 *                  state a previous cut left), after
 *   renamecheck    which each must have exactly one of its two names
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

#define HOLE_AT 5000 /* past the first block */
#define LINE_LEN 8   /* "A 00042\n" */
#define LINE_DIGITS 5
#define MAX_LINES 10000
#define TRUNC_LEN 3000
#define TRUNC_SHORT 100
#define TRUNC_LONG 2000
#define PATTERN_PERIOD 26
#define SMALL_BUF 3
#define BIG_RECORD (80 * 1024) /* more than two write transactions */
#define BIG_RECORDS 16
#define BAD_ADDR ((char *)0x3fffffff00L) /* above any user mapping */

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

static void test_bigappend(const char *path)
{
	static char rec[BIG_RECORD];
	int fd = open(path, O_WRONLY | O_CREATE | O_TRUNC);
	expect(fd >= 0, "cannot create the file");
	close(fd);
	for (int c = 0; c < 2; c++) {
		int pid = fork();
		expect(pid >= 0, "fork");
		if (pid == 0) {
			memset(rec, 'A' + c, sizeof(rec));
			fd = open(path, O_WRONLY | O_APPEND);
			for (int i = 0; i < BIG_RECORDS; i++)
				if (fd < 0 || write(fd, rec, BIG_RECORD) != BIG_RECORD)
					fail("short append");
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
	int count = 0;
	while (read(fd, rec, BIG_RECORD) == BIG_RECORD) {
		for (int i = 1; i < BIG_RECORD; i++)
			expect(rec[i] == rec[0], "two appends interleaved");
		expect(rec[0] == 'A' || rec[0] == 'B', "a record was overwritten");
		count++;
	}
	close(fd);
	expect(count == 2 * BIG_RECORDS, "records are missing");
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
	expect(buf[0] == 'a' &&
	           buf[TRUNC_SHORT - 1] == (char)('a' + (TRUNC_SHORT - 1) % PATTERN_PERIOD),
	       "kept bytes changed");
	expect(all_zero(buf + TRUNC_SHORT, TRUNC_LONG - TRUNC_SHORT),
	       "the grown part is not zeros");
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

static void put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREATE | O_TRUNC);
	expect(fd >= 0 && write(fd, text, strlen(text)) == (int)strlen(text),
	       "cannot write a file");
	close(fd);
}

/* 1 if path holds exactly text. */
static int holds(const char *path, const char *text)
{
	char buf[MAXPATH];
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	int n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return 0;
	buf[n] = 0;
	return strcmp(buf, text) == 0;
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static int cwd_is(const char *want)
{
	static char buf[MAXPATH];
	return getcwd(buf, sizeof(buf)) == buf && strcmp(buf, want) == 0;
}

static void test_rename(void)
{
	expect(mkdir("/rn") == 0 && chdir("/rn") == 0, "cannot make /rn");
	/* A file over an existing file. */
	put("a", "A");
	put("b", "B");
	expect(rename("a", "b") == 0, "file over a file");
	expect(!exists("a") && holds("b", "A"), "after file over file");
	/* Two names of one inode: nothing happens. */
	expect(link("b", "b2") == 0 && rename("b", "b2") == 0,
	       "rename to another link of the same file");
	expect(exists("b") && exists("b2"), "links of one file must both stay");
	/* A directory tree to another parent: ".." follows. */
	expect(mkdir("d1") == 0 && mkdir("d1/sub") == 0 && mkdir("d2") == 0, "mkdir");
	put("d1/sub/f", "F");
	expect(rename("d1", "d2/moved") == 0, "directory to another parent");
	expect(!exists("d1") && holds("d2/moved/sub/f", "F"), "after the directory move");
	expect(chdir("d2/moved/sub") == 0 && cwd_is("/rn/d2/moved/sub"),
	       "getcwd in the moved tree");
	expect(chdir("../..") == 0 && cwd_is("/rn/d2"), "\"..\" of the moved directory");
	expect(chdir("/rn") == 0, "chdir /rn");
	expect(rename("d2/moved", "d2/same") == 0 && exists("d2/same/sub"),
	       "directory in its parent");
	/* An empty directory over an empty directory. */
	expect(mkdir("e1") == 0 && mkdir("e2") == 0 && rename("e1", "e2") == 0,
	       "dir over empty dir");
	expect(!exists("e1") && exists("e2"), "after dir over empty dir");
	expect(rename("e2", "e2") == 0 && exists("e2"), "a directory to itself");
	/* Bad input: nothing may change. */
	expect(rename("nosuch", "x") < 0 && !exists("x"), "a missing source");
	expect(rename("d2", "d2/same/sub/x") < 0 && exists("d2/same/sub"),
	       "a directory into its own subdirectory");
	expect(rename("d2", "d2/x") < 0, "a directory into itself");
	expect(rename("b", "e2") < 0 && holds("b", "A"), "a file over a directory");
	expect(rename("e2", "b") < 0 && exists("e2"), "a directory over a file");
	expect(rename("e2", "d2") < 0 && exists("d2/same"), "a directory over a non-empty one");
	expect(rename(".", "x") < 0 && rename("e2", "..") < 0 && rename("e2/..", "y") < 0,
	       ". and ..");
	expect(rename("b", "nodir/x") < 0 && rename("b", "b2/x") < 0 && holds("b", "A"),
	       "a bad target path");
	expect(rename("/", "x") < 0 && rename("b", "/") < 0, "the root");
	expect(rename(BAD_ADDR, "x") < 0 && rename("b", BAD_ADDR) < 0 && holds("b", "A"),
	       "bad pointers");
	pass();
}

static void test_cwd(void)
{
	static char buf[MAXPATH];
	expect(chdir("/") == 0 && cwd_is("/"), "getcwd at the root");
	expect(mkdir("/cw") == 0 && mkdir("/cw/deep") == 0 && chdir("/cw/deep") == 0, "mkdir");
	expect(cwd_is("/cw/deep"), "nested getcwd");
	expect(getcwd(buf, SMALL_BUF) == 0, "a too small buffer was accepted");
	expect(getcwd(buf, (int)strlen("/cw/deep") + 1) == buf, "an exactly big enough buffer");
	expect(getcwd(buf, 0) == 0 && getcwd(buf, -1) == 0, "a size of 0 or below");
	expect(getcwd(BAD_ADDR, MAXPATH) == 0, "a bad pointer");
	expect(mkdir("/cw/gone") == 0 && chdir("/cw/gone") == 0 && unlink("/cw/gone") == 0,
	       "rmdir cwd");
	expect(getcwd(buf, sizeof(buf)) == 0, "getcwd of a removed directory");
	expect(chdir("/") == 0, "chdir /");
	pass();
}

static void test_devices(void)
{
	static char buf[TRUNC_LEN];
	int fd = open("/dev/null", O_RDWR);
	expect(fd >= 0, "cannot open /dev/null");
	expect(write(fd, "gone", 4) == 4 && read(fd, buf, sizeof(buf)) == 0, "/dev/null");
	expect(lseek(fd, 0, SEEK_SET) < 0, "lseek on /dev/null");
	close(fd);
	fd = open("/dev/zero", O_RDWR);
	expect(fd >= 0, "cannot open /dev/zero");
	for (int i = 0; i < TRUNC_LEN; i++)
		buf[i] = 'x';
	expect(read(fd, buf, sizeof(buf)) == TRUNC_LEN && all_zero(buf, TRUNC_LEN),
	       "/dev/zero reads");
	expect(write(fd, buf, TRUNC_LEN) == TRUNC_LEN, "/dev/zero takes writes");
	expect(read(fd, BAD_ADDR, 1) < 0, "/dev/zero into a bad pointer");
	close(fd);
	struct stat st;
	expect(stat("/dev/null", &st) == 0 && st.type == T_DEVICE, "/dev/null is not a device");
	pass();
}

static const char *const rl_file[2] = {"/rl/x0", "/rl/x1"};
static const char *const rl_dir[2] = {"/rl/d0", "/rl/p/d1"};

static void test_renameloop(void)
{
	if (!exists("/rl")) {
		expect(mkdir("/rl") == 0 && mkdir("/rl/p") == 0 && mkdir(rl_dir[0]) == 0, "mkdir");
		put(rl_file[0], "R");
	}
	int f = exists(rl_file[1]), d = exists(rl_dir[1]); /* go on from where a cut left it */
	printf("renameloop started\n");
	for (;; f ^= 1, d ^= 1)
		expect(rename(rl_file[f], rl_file[!f]) == 0 && rename(rl_dir[d], rl_dir[!d]) == 0,
		       "rename");
}

static void test_renamecheck(void)
{
	expect(exists(rl_file[0]) != exists(rl_file[1]), "the file has both names or neither");
	expect(holds(rl_file[exists(rl_file[1])], "R"), "the file lost its contents");
	int d = exists(rl_dir[1]);
	expect(exists(rl_dir[0]) != d, "the directory has both names or neither");
	expect(chdir(rl_dir[d]) == 0 && cwd_is(rl_dir[d]), "the directory's \"..\" is wrong");
	pass();
}

int main(int argc, char *argv[])
{
	if (argc < 2) {
		fprintf(2, "usage: ftest hole F | append F N | bigappend F | trunc F | rename | "
		           "cwd | devices | renameloop | renamecheck\n");
		exit(1);
	}
	test_name = argv[1];
	if (strcmp(argv[1], "hole") == 0 && argc == 3)
		test_hole(argv[2]);
	if (strcmp(argv[1], "append") == 0 && argc == 4)
		test_append(argv[2], atoi(argv[3]));
	if (strcmp(argv[1], "bigappend") == 0 && argc == 3)
		test_bigappend(argv[2]);
	if (strcmp(argv[1], "trunc") == 0 && argc == 3)
		test_trunc(argv[2]);
	if (strcmp(argv[1], "rename") == 0 && argc == 2)
		test_rename();
	if (strcmp(argv[1], "cwd") == 0 && argc == 2)
		test_cwd();
	if (strcmp(argv[1], "devices") == 0 && argc == 2)
		test_devices();
	if (strcmp(argv[1], "renameloop") == 0 && argc == 2)
		test_renameloop();
	if (strcmp(argv[1], "renamecheck") == 0 && argc == 2)
		test_renamecheck();
	fail("unknown case or wrong arguments");
}
