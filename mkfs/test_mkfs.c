/*
 * test_mkfs.c: mkfs builds correct, sparse images and refuses bad input.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel/param.h"
#include "testlib.h"

/* Every input reads back byte for byte under the name mkfs gave it. */
static int check_contents(const struct fsimg *fi)
{
	int i;

	for (i = 0; i < ninputs; i++)
		TRY(fs_compare(fi, inputs[i].name, tpath(inputs[i].host)));
	return 0;
}

static int t_default_image(void)
{
	const char *img = tpath("default.img");
	struct fsimg fi;
	struct dinode di;
	struct stat st;
	struct run r;
	uint inum;
	int rc;

	TRY(make_base(img, NULL, NULL));
	CHECK(stat(img, &st) == 0, "no image");
	CHECK(st.st_size == (off_t)FSSIZE * BSIZE, "image is %ld bytes, want %ld", (long)st.st_size,
	      (long)FSSIZE * BSIZE);
	/* Sparse: only metadata and ~700 KiB of data were written. */
	CHECK((long)st.st_blocks * 512 < 4L << 20, "image not sparse: %ld bytes allocated",
	      (long)st.st_blocks * 512);
	TRY(fsck_expect(img, 0, &r));
	rc = r.outlines == 1 && strstr(r.out, "clean") && r.errlines == 0;
	run_free(&r);
	CHECK(rc, "clean fsck should print one 'clean' line");

	TRY(img_load(&fi, img));
	rc = check_contents(&fi);
	if (rc == 0 && (fi.sb.nlog != 2 * (LOGSIZE + 1) || fi.sb.ninodes != 2048)) {
		snprintf(t_reason, sizeof(t_reason), "nlog %u ninodes %u", fi.sb.nlog,
		         fi.sb.ninodes);
		rc = -1;
	}
	/* "big" must exercise the double-indirect block, "mid" the single. */
	if (rc == 0 && fs_lookup(&fi, "big", &inum) == 0 &&
	    img_get_inode(&fi.im, &fi.sb, inum, &di) == 0 && di.addrs[DIND_SLOT] == 0) {
		snprintf(t_reason, sizeof(t_reason), "big has no dind block");
		rc = -1;
	}
	/* The '_' is stripped: "_cat" must not appear under its host name. */
	if (rc == 0 && fs_lookup(&fi, "_cat", &inum) == 0) {
		snprintf(t_reason, sizeof(t_reason), "'_cat' kept its '_'");
		rc = -1;
	}
	img_free(&fi);
	return rc;
}

static int t_small_image(void)
{
	const char *img = tpath("small.img");
	struct fsimg fi;
	struct run r;
	int rc;

	TRY(make_base(img, "2048", "64"));
	TRY(fsck_expect(img, 0, &r));
	run_free(&r);
	TRY(img_load(&fi, img));
	rc = check_contents(&fi);
	if (rc == 0 && (fi.sb.size != 2048 || fi.sb.ninodes != 64)) {
		snprintf(t_reason, sizeof(t_reason), "size %u ninodes %u", fi.sb.size,
		         fi.sb.ninodes);
		rc = -1;
	}
	img_free(&fi);
	return rc;
}

/* No files: the root holds ".", ".." and lost+found, a directory of four
 * blocks of free slots whose ".." is the root, nlink 1. */
static int t_no_files(void)
{
	const char *img = tpath("empty.img");
	const char *argv[] = {t_mkfs, "-s", "1000", img, NULL};
	struct fsimg fi;
	struct dinode root, lf;
	struct run r;
	uint inum = 0;

	TRY(run_tool(&r, argv));
	CHECK(r.code == 0, "mkfs exit %d: %s", r.code, r.err);
	run_free(&r);
	TRY(fsck_expect(img, 0, &r));
	run_free(&r);
	TRY(img_load(&fi, img));
	img_get_inode(&fi.im, &fi.sb, ROOTINO, &root);
	int found = fs_lookup(&fi, "lost+found", &inum) == 0;
	img_get_inode(&fi.im, &fi.sb, inum, &lf);
	struct dirent *dot = fs_dirent(&fi, inum, 0), *dotdot = fs_dirent(&fi, inum, 1);
	int ok = found && lf.type == T_DIR && lf.nlink == 1 && lf.size == 4 * BSIZE && dot &&
	         dot->inum == inum && dotdot && dotdot->inum == ROOTINO &&
	         (!fs_dirent(&fi, inum, 2) || fs_dirent(&fi, inum, 2)->inum == 0);
	img_free(&fi);
	CHECK(root.type == T_DIR && root.size == 3 * sizeof(struct dirent), "root type %d size %u",
	      root.type, root.size);
	CHECK(ok, "lost+found: found %d inode %u type %d nlink %d size %u", found, inum, lf.type,
	      lf.nlink, lf.size);
	return 0;
}

/* A sparse host file of `size` bytes with random bytes at both ends. */
static int make_sparse(const char *path, unsigned long size)
{
	uchar head[3000], tail[3000];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int ok;

	CHECK(fd >= 0, "cannot create %s", path);
	fill_random(head, sizeof(head), 11);
	fill_random(tail, sizeof(tail), 12);
	ok = ftruncate(fd, (off_t)size) == 0 && pwrite(fd, head, sizeof(head), 0) == sizeof(head) &&
	     pwrite(fd, tail, sizeof(tail), (off_t)(size - sizeof(tail))) == sizeof(tail);
	close(fd);
	CHECK(ok, "cannot write %s", path);
	return 0;
}

/* The largest file an inode can map: all MAXFILE blocks. */
static int t_max_file(void)
{
	const char *img = tpath("max.img"), *in = tpath("maxfile");
	const char *argv[] = {t_mkfs, "-s", "70000", "-i", "16", img, in, NULL};
	struct fsimg fi;
	struct run r;
	int rc;

	TRY(make_sparse(in, LAYOUT_MAXBYTES));
	TRY(run_tool(&r, argv));
	CHECK(r.code == 0, "mkfs exit %d: %s", r.code, r.err);
	run_free(&r);
	TRY(fsck_expect(img, 0, &r));
	run_free(&r);
	TRY(img_load(&fi, img));
	rc = fs_compare(&fi, "maxfile", in);
	img_free(&fi);
	unlink(img);
	unlink(in);
	return rc;
}

/*
 * mkfs must fail with one line on stderr mentioning `want`, and leave no
 * image behind.
 */
static int refuse(const char *const argv[], const char *img, const char *want)
{
	struct run r;
	int ok;

	TRY(run_tool(&r, argv));
	ok = r.code != 0 && !r.sanitizer && !r.sig && r.errlines == 1 && r.outlines == 0 &&
	     strstr(r.err, want);
	if (!ok)
		snprintf(t_reason, sizeof(t_reason),
		         "exit %d sig %d, stderr %d lines: %.200s (want '%s')", r.code, r.sig,
		         r.errlines, r.err, want);
	run_free(&r);
	if (!ok)
		return -1;
	CHECK(access(img, F_OK) != 0, "refused mkfs left %s behind", img);
	return 0;
}

/* A test that runs mkfs with the given arguments and expects refusal. */
#define REFUSE(fn, want, ...)                                                                      \
	static int fn(void)                                                                        \
	{                                                                                          \
		const char *img = tpath("refused.img");                                            \
		const char *argv[] = {t_mkfs, __VA_ARGS__, NULL};                                  \
		unlink(img);                                                                       \
		return refuse(argv, img, want);                                                    \
	}

static int t_name_too_long(void)
{
	const char *img = tpath("refused.img"), *in = tpath("abcdefghijklmno");
	const char *argv[] = {t_mkfs, img, in, NULL};

	unlink(img);
	TRY(make_file(in, 10, 0));
	return refuse(argv, img, "longer than");
}

static int t_file_too_large(void)
{
	const char *img = tpath("refused.img"), *in = tpath("toolarge");
	const char *argv[] = {t_mkfs, img, in, NULL};
	int rc;

	unlink(img);
	TRY(make_sparse(in, LAYOUT_MAXBYTES + 1));
	rc = refuse(argv, img, "larger than");
	unlink(in);
	return rc;
}

static int t_duplicate(void)
{
	const char *img = tpath("refused.img"), *dir = tpath("dupdir");
	char dup[600];
	const char *argv[] = {t_mkfs, img, tpath("_cat"), dup, NULL};

	unlink(img);
	snprintf(dup, sizeof(dup), "%s/cat", dir);
	CHECK(mkdir(dir, 0755) == 0 || errno == EEXIST, "mkdir %s", dir);
	TRY(make_file(dup, 10, 0));
	return refuse(argv, img, "both become");
}

static int t_reserved_name(void)
{
	const char *img = tpath("refused.img"), *in = tpath("_..");
	const char *argv[] = {t_mkfs, img, in, NULL};

	unlink(img);
	TRY(make_file(in, 10, 0));
	return refuse(argv, img, "reserved");
}

static int t_lost_found_input(void)
{
	const char *img = tpath("refused.img"), *in = tpath("lost+found");
	const char *argv[] = {t_mkfs, img, in, NULL};

	unlink(img);
	TRY(make_file(in, 10, 0));
	return refuse(argv, img, "mkfs's own directory");
}

static int t_image_is_input(void)
{
	const char *in = tpath("victim");
	const char *argv[] = {t_mkfs, in, in, NULL};
	struct run r;
	struct stat st;
	int ok;

	TRY(make_file(in, 5000, 9));
	TRY(run_tool(&r, argv));
	ok = r.code == 1 && r.errlines == 1 && strstr(r.err, "also input");
	run_free(&r);
	CHECK(ok, "mkfs should refuse to overwrite its input");
	CHECK(stat(in, &st) == 0 && st.st_size == 5000, "input was damaged");
	return 0;
}

/* $SOURCE_DATE_EPOCH is the time on every inode; a bad value is refused. */
#define TEST_EPOCH 1234567890UL
static int t_build_time(void)
{
	const char *img = tpath("epoch.img");
	struct fsimg fi;
	struct dinode root, file;
	uint inum;
	int rc;

	setenv("SOURCE_DATE_EPOCH", "1234567890", 1);
	rc = make_base(img, NULL, NULL);
	unsetenv("SOURCE_DATE_EPOCH");
	TRY(rc);
	TRY(img_load(&fi, img));
	rc = img_get_inode(&fi.im, &fi.sb, ROOTINO, &root) == 0 &&
	     fs_lookup(&fi, "README.md", &inum) == 0 &&
	     img_get_inode(&fi.im, &fi.sb, inum, &file) == 0;
	img_free(&fi);
	CHECK(rc, "root or README.md unreadable");
	CHECK(root.mtime == TEST_EPOCH && root.ctime == TEST_EPOCH && file.mtime == TEST_EPOCH &&
	          file.ctime == TEST_EPOCH,
	      "times %lu %lu %lu %lu, want %lu", (unsigned long)root.mtime,
	      (unsigned long)root.ctime, (unsigned long)file.mtime, (unsigned long)file.ctime,
	      TEST_EPOCH);
	return 0;
}

static int t_bad_epoch(void)
{
	const char *img = tpath("refused.img");
	const char *argv[] = {t_mkfs, img, tpath("README.md"), NULL};
	int rc;

	unlink(img);
	setenv("SOURCE_DATE_EPOCH", "soon", 1);
	rc = refuse(argv, img, "SOURCE_DATE_EPOCH");
	unsetenv("SOURCE_DATE_EPOCH");
	return rc;
}

REFUSE(t_too_many_files, "too many files", "-i", "4", img, tpath("README.md"), tpath("_cat"),
       tpath("empty"))
REFUSE(t_too_small_for_files, "too small", "-s", "400", img, tpath("_big"))
REFUSE(t_too_small_for_meta, "too small", "-s", "100", img)
REFUSE(t_missing_input, "cannot open", img, tpath("no-such-file"))
REFUSE(t_dir_input, "not a regular file", img, t_dir)
REFUSE(t_empty_name, "empty file name", img, tpath(""))
REFUSE(t_size_not_number, "not a number", "-s", "12x", img)
REFUSE(t_size_negative, "not a number", "-s", "-5", img)
REFUSE(t_size_zero, "must be in", "-s", "0", img)
REFUSE(t_size_huge, "must be in", "-s", "99999999999", img)
REFUSE(t_size_overflow, "not a number", "-s", "999999999999999999999999", img)
REFUSE(t_size_empty, "not a number", "-s", "", img)
REFUSE(t_inodes_one, "must be in", "-i", "1", img)
REFUSE(t_inodes_huge, "must be in", "-i", "70000", img)
REFUSE(t_unknown_option, "unknown option", "-x", img)
REFUSE(t_missing_value, "needs a value", "-s")
REFUSE(t_no_image, "usage", "-s", "1000")

const struct test mkfs_tests[] = {
    {"mkfs_default_image", t_default_image},
    {"mkfs_small_image", t_small_image},
    {"mkfs_no_files", t_no_files},
    {"mkfs_max_file", t_max_file},
    {"mkfs_build_time", t_build_time},
    {"mkfs_refuse_bad_epoch", t_bad_epoch},
    {"mkfs_refuse_name_too_long", t_name_too_long},
    {"mkfs_refuse_file_too_large", t_file_too_large},
    {"mkfs_refuse_duplicate", t_duplicate},
    {"mkfs_refuse_reserved_name", t_reserved_name},
    {"mkfs_refuse_lost_found_input", t_lost_found_input},
    {"mkfs_refuse_image_is_input", t_image_is_input},
    {"mkfs_refuse_too_many_files", t_too_many_files},
    {"mkfs_refuse_too_small_for_files", t_too_small_for_files},
    {"mkfs_refuse_too_small_for_metadata", t_too_small_for_meta},
    {"mkfs_refuse_missing_input", t_missing_input},
    {"mkfs_refuse_directory_input", t_dir_input},
    {"mkfs_refuse_empty_name", t_empty_name},
    {"mkfs_refuse_size_not_number", t_size_not_number},
    {"mkfs_refuse_size_negative", t_size_negative},
    {"mkfs_refuse_size_zero", t_size_zero},
    {"mkfs_refuse_size_huge", t_size_huge},
    {"mkfs_refuse_size_overflow", t_size_overflow},
    {"mkfs_refuse_size_empty", t_size_empty},
    {"mkfs_refuse_inodes_one", t_inodes_one},
    {"mkfs_refuse_inodes_huge", t_inodes_huge},
    {"mkfs_refuse_unknown_option", t_unknown_option},
    {"mkfs_refuse_missing_value", t_missing_value},
    {"mkfs_refuse_no_image", t_no_image},
    {NULL, NULL},
};
