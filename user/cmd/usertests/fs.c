/*
 * usertests: the file system.
 */
#include "ut.h"

/* Basic open/read/write/close, offsets, end of file, O_CREATE, O_TRUNC. */
void test_fileio(void)
{
	static const int sizes[] = {100, BSIZE + 7, 3 * BSIZE, 1};
	int fd, fd2, i, n, total = 0, off;
	struct stat st;

	fd = open("f", O_CREATE | O_RDWR);
	CHECK(fd >= 0, "create failed");
	for (i = 0; i < NELEM(sizes); i++) {
		fill(buf, sizes[i], 4, total);
		CHECK(write(fd, buf, sizes[i]) == sizes[i], "write %d failed", i);
		total += sizes[i];
	}
	CHECK(fstat(fd, &st) == 0 && st.size == (uint64)total, "size %lu, expected %d", st.size,
	      total);
	CHECK(read(fd, buf, 10) == 0, "read at the end of an O_RDWR file returned data");
	close(fd);

	/* Read back in odd-sized pieces. */
	fd = open("f", O_RDONLY);
	CHECK(fd >= 0, "open failed");
	for (off = 0; (n = read(fd, buf, 333)) > 0; off += n)
		CHECK(check_fill(buf, n, 4, off) < 0, "wrong data near offset %d", off);
	CHECK(n == 0 && off == total, "read %d bytes of %d", off, total);
	CHECK(read(fd, buf, 10) == 0, "second read at EOF returned data");

	/* O_CREATE on an existing file neither truncates nor fails. */
	fd2 = open("f", O_CREATE | O_WRONLY);
	CHECK(fd2 >= 0, "O_CREATE of an existing file failed");
	CHECK(write(fd2, "ABC", 3) == 3, "overwrite failed");
	close(fd2);
	stat_ok("f", &st);
	CHECK(st.size == (uint64)total, "O_CREATE changed the size to %lu", st.size);
	CHECK(read_file("f", buf, 5) == 5 && memcmp(buf, "ABC", 3) == 0, "overwrite not visible");
	CHECK(check_fill(buf + 3, 2, 4, 3) < 0, "overwrite went too far");

	/* O_TRUNC empties the file under another open descriptor. */
	fd2 = open("f", O_WRONLY | O_TRUNC);
	CHECK(fd2 >= 0, "O_TRUNC open failed");
	CHECK(fstat(fd2, &st) == 0 && st.size == 0, "O_TRUNC left %lu bytes", st.size);
	CHECK(read(fd, buf, 10) == 0, "reader still sees data after truncation");
	CHECK(write(fd2, "xyz", 3) == 3, "write after truncation failed");
	close(fd2);
	close(fd);
	CHECK(read_file("f", buf, 100) == 3 && memcmp(buf, "xyz", 3) == 0,
	      "wrong data after truncation");

	/* O_RDWR: a read continues where the write stopped. */
	fd = open("f", O_RDWR);
	CHECK(fd >= 0, "O_RDWR open failed");
	CHECK(write(fd, "X", 1) == 1, "write failed");
	CHECK(read(fd, buf, 10) == 2 && buf[0] == 'y' && buf[1] == 'z',
	      "shared read/write offset wrong");
	close(fd);
	CHECK(unlink("f") == 0, "unlink failed");
	CHECK(open("f", O_RDONLY) == -1, "file still there after unlink");
}

/* An unlinked file lives on while open; its name can be reused at once. */
void test_unlinkopen(void)
{
	int fd, fd2;
	struct stat st;

	fill(buf, 2 * BSIZE, 6, 0);
	write_file("u", buf, 2 * BSIZE);
	fd = open("u", O_RDWR);
	CHECK(fd >= 0, "open failed");
	CHECK(unlink("u") == 0, "unlink of an open file failed");
	CHECK(open("u", O_RDONLY) == -1, "unlinked name still opens");
	CHECK(fstat(fd, &st) == 0 && st.nlink == 0, "nlink %d after unlink", st.nlink);
	CHECK(read(fd, buf2, 2 * BSIZE) == 2 * BSIZE, "read after unlink failed");
	CHECK(check_fill(buf2, 2 * BSIZE, 6, 0) < 0, "data changed after unlink");
	CHECK(write(fd, "more", 4) == 4, "write after unlink failed");

	fd2 = open("u", O_CREATE | O_RDWR);
	CHECK(fd2 >= 0, "could not reuse the name");
	CHECK(fstat(fd2, &st) == 0 && st.size == 0, "new file has the old contents");
	CHECK(write(fd2, "new", 3) == 3, "write failed");
	close(fd);
	close(fd2);
	CHECK(read_file("u", buf2, 10) == 3 && memcmp(buf2, "new", 3) == 0,
	      "name points at the old file");
	CHECK(unlink("u") == 0, "unlink failed");
}

/* link() adds names for one inode; nlink counts them. */
void test_linkcount(void)
{
	struct stat a, b;
	int fd;

	write_file("a", "hello", 5);
	stat_ok("a", &a);
	CHECK(a.type == T_FILE && a.nlink == 1, "new file: type %d nlink %d", a.type, a.nlink);
	CHECK(link("a", "b") == 0, "link failed");
	stat_ok("a", &a);
	stat_ok("b", &b);
	CHECK(a.nlink == 2 && b.nlink == 2, "nlink %d/%d after link", a.nlink, b.nlink);
	CHECK(a.ino == b.ino, "two links, two inodes");
	CHECK(mkdir("sub") == 0, "mkdir failed");
	CHECK(link("b", "sub/c") == 0, "link into a subdirectory failed");
	stat_ok("sub/c", &b);
	CHECK(b.nlink == 3 && b.ino == a.ino, "third link wrong");

	fd = open("b", O_WRONLY);
	CHECK(fd >= 0 && write(fd, "J", 1) == 1, "write through the second name failed");
	close(fd);
	CHECK(read_file("a", buf, 10) == 5 && memcmp(buf, "Jello", 5) == 0,
	      "names do not share data");

	fd = open("sub/c", O_RDONLY);
	CHECK(fd >= 0, "open failed");
	CHECK(unlink("a") == 0, "unlink failed");
	stat_ok("b", &b);
	CHECK(b.nlink == 2, "nlink %d after one unlink", b.nlink);
	CHECK(unlink("b") == 0 && unlink("sub/c") == 0, "unlink failed");
	CHECK(fstat(fd, &b) == 0 && b.nlink == 0, "nlink %d with no names", b.nlink);
	CHECK(read(fd, buf, 10) == 5, "data gone while still open");
	close(fd);
	CHECK(unlink("sub") == 0, "unlink of the emptied directory failed");
}

/* mkdir, chdir, "." and "..", relative and absolute paths. */
void test_dirs(void)
{
	struct stat d1, other, root;
	int found;

	CHECK(mkdir("d1") == 0 && chdir("d1") == 0, "mkdir/chdir failed");
	CHECK(mkdir("d2") == 0, "nested mkdir failed");
	write_file("d2/f", "abc", 3);
	CHECK(chdir("d2") == 0, "chdir d2 failed");
	CHECK(read_file("f", buf, 10) == 3, "relative open failed");
	CHECK(read_file("../d2/f", buf, 10) == 3, "../d2/f failed");
	CHECK(read_file("../../d1/d2/./f", buf, 10) == 3, "../../d1/d2/./f failed");
	CHECK(chdir("../..") == 0, "chdir ../.. failed");
	CHECK(read_file("d1/../d1/d2/f", buf, 10) == 3, "d1/../d1/d2/f failed");
	memmove(buf2, testdir, strlen(testdir));
	strcpy(buf2 + strlen(testdir), "/d1/d2/f");
	CHECK(read_file(buf2, buf, 10) == 3, "absolute path %s failed", buf2);

	stat_ok("d1", &d1);
	CHECK(d1.type == T_DIR, "directory has type %d", d1.type);
	CHECK(d1.size % sizeof(struct dirent) == 0, "directory size %lu", d1.size);
	stat_ok("d1/.", &other);
	CHECK(other.ino == d1.ino, "d1/. is not d1");
	stat_ok("d1/d2/..", &other);
	CHECK(other.ino == d1.ino, "d1/d2/.. is not d1");
	stat_ok("/", &root);
	CHECK(root.ino == ROOTINO && root.type == T_DIR, "/ is inode %d", root.ino);
	stat_ok("/..", &other);
	CHECK(other.ino == ROOTINO, "/.. is not /");

	CHECK(count_entries("d1", "d2", &found) == 3 && found, "d1 should hold . .. d2");
	CHECK(count_entries("d1", "..", &found) == 3 && found, "d1 has no ..");

	CHECK(unlink("d1") == -1, "unlink of a non-empty directory");
	CHECK(unlink("d1/d2") == -1, "unlink of a non-empty directory");
	CHECK(unlink("d1/d2/f") == 0, "unlink failed");
	CHECK(unlink("d1/d2") == 0, "unlink of an empty directory failed");
	CHECK(count_entries("d1", 0, &found) == 2, "d1 not empty after removing d2");
	CHECK(unlink("d1") == 0, "unlink failed");
	CHECK(chdir("d1") == -1, "chdir into a removed directory");
}

/* A directory with hundreds of entries: files and hard links. */
void test_bigdir(void)
{
	enum { N = 300 };
	char name[16];
	int i, fd, found;
	struct stat st;

	CHECK(mkdir("big") == 0 && chdir("big") == 0, "mkdir failed");
	write_file("target", "t", 1);
	for (i = 0; i < N; i++) {
		numbered(name, "e", i);
		if (i % 2) {
			CHECK(link("target", name) == 0, "link %s failed", name);
		} else {
			fd = open(name, O_CREATE | O_WRONLY);
			CHECK(fd >= 0, "create %s failed", name);
			close(fd);
		}
	}
	CHECK(count_entries(".", "e299", &found) == N + 3 && found, "wrong number of entries");
	stat_ok("target", &st);
	CHECK(st.nlink == 1 + N / 2, "target nlink %d, expected %d", st.nlink, 1 + N / 2);
	for (i = N - 1; i >= 0; i--) {
		numbered(name, "e", i);
		stat_ok(name, &st);
		CHECK(st.type == T_FILE, "%s has type %d", name, st.type);
		CHECK(unlink(name) == 0, "unlink %s failed", name);
	}
	CHECK(unlink("target") == 0, "unlink failed");
	CHECK(count_entries(".", 0, &found) == 2, "directory not empty after removing all");
	CHECK(chdir("..") == 0 && unlink("big") == 0, "cleanup failed");
}

/* More live inodes over time than the kernel's inode table holds. */
void test_irefs(void)
{
	enum { DEPTH = NINODE + 10, NFILES = 2 * NINODE };
	char name[16];
	int i, fd;

	/* A chain deeper than the inode table, walked down and back up. */
	for (i = 0; i < DEPTH; i++) {
		CHECK(mkdir("i") == 0, "mkdir at depth %d failed", i);
		CHECK(chdir("i") == 0, "chdir at depth %d failed", i);
		write_file("f", "x", 1);
	}
	for (i = 0; i < DEPTH; i++) {
		CHECK(unlink("f") == 0, "unlink at depth %d failed", DEPTH - i);
		CHECK(chdir("..") == 0, "chdir .. failed");
		CHECK(unlink("i") == 0, "rmdir at depth %d failed", DEPTH - i);
	}

	/* Many files, each opened and closed in turn. */
	for (i = 0; i < NFILES; i++) {
		numbered(name, "n", i);
		write_file(name, name, strlen(name));
	}
	for (i = 0; i < NFILES; i++) {
		numbered(name, "n", i);
		fd = open(name, O_RDONLY);
		CHECK(fd >= 0, "reopen %s failed", name);
		CHECK(read(fd, buf, 16) == (int)strlen(name) &&
		          memcmp(buf, name, strlen(name)) == 0,
		      "%s has the wrong contents", name);
		close(fd);
		CHECK(unlink(name) == 0, "unlink %s failed", name);
	}
}

/* dup and fork share one file offset; closing a dup keeps the other. */
void test_dupoffset(void)
{
	int fd, fd2, pid, status;

	fd = open("d", O_CREATE | O_RDWR);
	CHECK(fd >= 0, "create failed");
	fd2 = dup(fd);
	CHECK(fd2 == fd + 1, "dup returned %d, not the lowest free fd %d", fd2, fd + 1);
	CHECK(write(fd, "abc", 3) == 3 && write(fd2, "def", 3) == 3, "write failed");
	close(fd);
	CHECK(write(fd2, "ghi", 3) == 3, "write after closing the other dup failed");
	close(fd2);
	CHECK(read_file("d", buf, 20) == 9 && memcmp(buf, "abcdefghi", 9) == 0,
	      "dups do not share the offset");

	fd = open("d", O_RDONLY);
	fd2 = dup(fd);
	CHECK(read(fd, buf, 3) == 3 && read(fd2, buf + 3, 3) == 3, "read failed");
	CHECK(memcmp(buf, "abcdef", 6) == 0, "dup'ed readers do not share the offset");
	close(fd);
	close(fd2);

	/* Parent and child share the descriptor's offset too. */
	fd = open("s", O_CREATE | O_WRONLY);
	CHECK(fd >= 0, "create failed");
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0) {
		write(fd, "child ", 6);
		exit(0);
	}
	CHECK(wait(&status) == pid && status == 0, "child failed");
	CHECK(write(fd, "parent", 6) == 6, "write failed");
	close(fd);
	CHECK(read_file("s", buf, 20) == 12 && memcmp(buf, "child parent", 12) == 0,
	      "fork does not share the offset");
	unlink("d");
	unlink("s");
}

/* fstat and stat fill in every field. */
void test_fstat(void)
{
	struct stat st, st2, dir;
	int fd;

	write_file("f", buf, 1234);
	fd = open("f", O_RDONLY);
	CHECK(fd >= 0, "open failed");
	CHECK(fstat(fd, &st) == 0, "fstat failed");
	CHECK(st.type == T_FILE, "type %d", st.type);
	CHECK(st.size == 1234, "size %lu", st.size);
	CHECK(st.nlink == 1, "nlink %d", st.nlink);
	CHECK(st.ino > ROOTINO, "ino %d", st.ino);
	close(fd);
	stat_ok("f", &st2);
	CHECK(st2.ino == st.ino && st2.dev == st.dev && st2.size == st.size,
	      "stat and fstat disagree");
	stat_ok(".", &dir);
	CHECK(dir.type == T_DIR && dir.dev == st.dev && dir.ino != st.ino,
	      "directory fields wrong");
	write_file("g", "", 0);
	stat_ok("g", &st2);
	CHECK(st2.ino != st.ino && st2.size == 0, "second file fields wrong");
	unlink("f");
	unlink("g");
}

/* mknod makes a device file; a device without a driver cannot be used. */
void test_mknod(void)
{
	struct stat st;
	int fd;

	CHECK(mknod("cons", CONSOLE, 0) == 0, "mknod failed");
	stat_ok("cons", &st);
	CHECK(st.type == T_DEVICE && st.nlink == 1, "device type %d nlink %d", st.type, st.nlink);
	fd = open("cons", O_WRONLY);
	CHECK(fd >= 0, "open of the console device failed");
	CHECK(write(fd, buf, 0) == 0, "zero-length console write failed");
	close(fd);
	CHECK(mknod("cons", CONSOLE, 0) == -1, "mknod over an existing name");

	/* No driver: either mknod refuses, or open/read/write do. */
	if (mknod("nodev", NDEV, 0) == 0) {
		fd = open("nodev", O_RDWR);
		if (fd >= 0) {
			CHECK(read(fd, buf, 1) == -1 && write(fd, buf, 1) == -1,
			      "a device with no driver was usable");
			close(fd);
		}
		CHECK(unlink("nodev") == 0, "unlink failed");
	}
	CHECK(unlink("cons") == 0, "unlink of a device failed");
}

/* Symbolic links: followed by open, not with O_NOFOLLOW, loops fail. */
void test_symlink(void)
{
	struct stat st, target;
	char name[16], prev[16];
	int fd, i;

	write_file("target", "data!", 5);
	stat_ok("target", &target);
	CHECK(symlink("target", "ln") == 0, "symlink failed");
	CHECK(read_file("ln", buf, 10) == 5 && memcmp(buf, "data!", 5) == 0,
	      "open did not follow the link");
	stat_ok("ln", &st);
	CHECK(st.type == T_FILE && st.ino == target.ino, "stat did not follow the link");

	fd = open("ln", O_RDONLY | O_NOFOLLOW);
	CHECK(fd >= 0, "O_NOFOLLOW open failed");
	CHECK(fstat(fd, &st) == 0 && st.type == T_SYMLINK, "O_NOFOLLOW opened type %d", st.type);
	CHECK(st.ino != target.ino, "link and target share an inode");
	CHECK(read(fd, buf, 20) == 6 && memcmp(buf, "target", 6) == 0,
	      "link does not hold its target path");
	close(fd);

	fd = open("ln", O_WRONLY);
	CHECK(fd >= 0 && write(fd, "D", 1) == 1, "write through the link failed");
	close(fd);
	CHECK(read_file("target", buf, 10) == 5 && buf[0] == 'D', "write did not reach the target");

	/* Loops and dangling links fail; the links themselves still open. */
	CHECK(symlink("l2", "l1") == 0 && symlink("l1", "l2") == 0, "symlink failed");
	CHECK(open("l1", O_RDONLY) == -1, "a symlink loop opened");
	CHECK(symlink("self", "self") == 0, "symlink failed");
	CHECK(open("self", O_RDONLY) == -1, "a self-referencing link opened");
	CHECK(symlink("missing", "dang") == 0, "dangling symlink failed");
	CHECK(open("dang", O_RDONLY) == -1, "a dangling link opened");
	fd = open("dang", O_RDONLY | O_NOFOLLOW);
	CHECK(fd >= 0, "O_NOFOLLOW on a dangling link failed");
	close(fd);

	/* Chains: short ones are followed, ones longer than MAXSYMLINKS fail. */
	strcpy(prev, "target");
	for (i = 0; i < MAXSYMLINKS + 2; i++) {
		numbered(name, "c", i);
		CHECK(symlink(prev, name) == 0, "symlink %s failed", name);
		if (i == MAXSYMLINKS - 3)
			CHECK(read_file(name, buf, 10) == 5, "chain of %d links not followed",
			      i + 1);
		strcpy(prev, name);
	}
	CHECK(open(prev, O_RDONLY) == -1, "a chain of %d links was followed", MAXSYMLINKS + 2);

	/* Absolute targets and directories work; unlink removes only the link. */
	memmove(buf2, testdir, strlen(testdir));
	strcpy(buf2 + strlen(testdir), "/target");
	CHECK(symlink(buf2, "abs") == 0 && read_file("abs", buf, 10) == 5,
	      "absolute symlink failed");
	CHECK(mkdir("dir") == 0 && symlink("dir", "dl") == 0, "symlink to a directory failed");
	stat_ok("dl", &st);
	CHECK(st.type == T_DIR, "link to a directory opens type %d", st.type);
	CHECK(unlink("ln") == 0, "unlink of a link failed");
	CHECK(read_file("target", buf, 10) == 5, "unlinking the link removed the target");

	for (i = 0; i < MAXSYMLINKS + 2; i++) {
		numbered(name, "c", i);
		unlink(name);
	}
	unlink("l1");
	unlink("l2");
	unlink("self");
	unlink("dang");
	unlink("abs");
	unlink("dl");
	unlink("dir");
	unlink("target");
}

/* A file reaching into the double-indirect block. */
void test_dindirect(void)
{
	file_roundtrip("dind", (NDIRECT + NINDIRECT + 20) * BSIZE);
}

/* A file of several MiB. */
void test_bigfile(void)
{
	file_roundtrip("bigfile", 6 * 1024 * 1024);
}
