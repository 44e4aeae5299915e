/*
 * test_fsupdate.c: host tests for fsupdate, run against the sanitized
 * tools:
 *
 *   fsupdate-test MKFS FSCK FSUPDATE TMPDIR
 *
 * Each test builds an image with mkfs (the standard inputs of testlib.c
 * plus a file "notes" that stands for one made inside Kite), updates it,
 * and checks the result with fsck and by reading the files back.
 * Prints "test NAME: OK" or "test NAME: FAILED (reason)" for each and
 * "N passed, N failed" last; exits non-zero if any failed.
 */
/* For F_OFD_SETLK (the test holds a lock as QEMU would). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testlib.h"

static const char *t_fsupdate;

/* Small images keep the tests fast; "big" still needs the double-indirect. */
#define IMG_BLOCKS "3000"
#define TINY_BLOCKS "1450" /* the files leave about 700 data blocks free */
#define TINY_INODES "10"
/* More new files than one root-directory block has entries for. */
#define MANY_FILES 70

/*
 * The base image: the standard inputs plus "notes", made as mkfs would,
 * with `inodes` inodes (NULL: mkfs's default).
 */
static int make_image_inodes(const char *img, const char *blocks, const char *inodes)
{
	const char *argv[20];
	struct run r;
	int n = 0, i, first;

	TRY(make_file(tpath("notes"), 3 * BSIZE + 11, 21));
	argv[n++] = t_mkfs;
	argv[n++] = "-s";
	argv[n++] = blocks;
	if (inodes) {
		argv[n++] = "-i";
		argv[n++] = inodes;
	}
	argv[n++] = img;
	first = n;
	for (i = 0; i < ninputs; i++)
		argv[n++] = strdup(tpath(inputs[i].host));
	argv[n++] = tpath("notes");
	argv[n] = NULL;
	TRY(run_tool(&r, argv));
	for (i = first; i < n - 1; i++)
		free((char *)argv[i]);
	CHECK(r.code == 0 && !r.sanitizer, "mkfs exit %d: %.200s", r.code, r.err);
	run_free(&r);
	return 0;
}

static int make_image(const char *img, const char *blocks)
{
	return make_image_inodes(img, blocks, NULL);
}

/* Run fsupdate IMAGE FILE... (argv from index 2 on); no sanitizer report. */
static int fsupdate(struct run *r, const char *img, const char *const *files, int nfiles)
{
	const char **argv = calloc((size_t)nfiles + 3, sizeof(*argv));
	int i, rc;

	CHECK(argv, "out of memory");
	argv[0] = t_fsupdate;
	argv[1] = img;
	for (i = 0; i < nfiles; i++)
		argv[2 + i] = files[i];
	rc = run_tool(r, argv);
	free(argv);
	TRY(rc);
	if (r->sanitizer || r->sig) {
		snprintf(t_reason, sizeof(t_reason),
		         "fsupdate: sanitizer or "
		         "signal %d: %.300s",
		         r->sig, r->err);
		run_free(r);
		return -1;
	}
	return 0;
}

static int fsck_clean(const char *img)
{
	struct run r;
	int ok;

	TRY(fsck_expect(img, 0, &r));
	ok = strstr(r.out, "clean") != NULL;
	run_free(&r);
	CHECK(ok, "fsck of %s is not clean", img);
	return 0;
}

static int copy_image(const char *from, const char *to)
{
	char cmd[1200];

	snprintf(cmd, sizeof(cmd), "cp %s %s", from, to);
	CHECK(system(cmd) == 0, "cannot copy %s", from);
	return 0;
}

/* Did a failed fs_compare/fs_lookup say why?  If not, say this. */
static int failed(const char *why)
{
	if (!t_reason[0])
		snprintf(t_reason, sizeof(t_reason), "%s", why);
	return -1;
}

/* 1 if the two files hold the same bytes, 0 if not. */
static int same_bytes(const char *a, const char *b)
{
	char cmd[1200];

	snprintf(cmd, sizeof(cmd), "cmp -s %s %s", a, b);
	return system(cmd) == 0;
}

/* fsupdate must refuse with exit 1, stderr naming why, image unchanged. */
static int refused(const char *img, const char *const *files, int n, const char *want)
{
	char copy[600];
	struct run r;
	int ok;

	snprintf(copy, sizeof(copy), "%s/refused-before.img", t_dir);
	TRY(copy_image(img, copy));
	TRY(fsupdate(&r, img, files, n));
	ok = r.code == 1 && r.errlines == 1 && strstr(r.err, want);
	if (!ok)
		snprintf(t_reason, sizeof(t_reason),
		         "want exit 1 and '%s', got "
		         "exit %d: %.300s",
		         want, r.code, r.err);
	run_free(&r);
	if (!ok)
		return -1;
	CHECK(same_bytes(img, copy), "a refused update changed the image");
	return 0;
}

/*
 * The main case: cat changed and grew, big shrank (its double-indirect
 * tree is freed), mid is the same, newprog is new.  notes, README.md,
 * empty and abcdefghijklmn are not named and must not change.
 */
static int t_update(void)
{
	const char *img = tpath("update.img");
	const char *files[] = {tpath("_cat"), tpath("_big"), tpath("mid"), tpath("_newprog")};
	struct fsimg before, after;
	uint cat_before, cat_after, inum;
	struct run r;
	int ok;

	TRY(make_image(img, IMG_BLOCKS));
	TRY(img_load(&before, img));
	TRY(fs_lookup(&before, "cat", &cat_before));
	img_free(&before);
	TRY(make_file(tpath("_cat"), 40 * BSIZE + 3, 31));
	TRY(make_file(tpath("_big"), 2 * BSIZE, 32));
	TRY(make_file(tpath("_newprog"), 5000, 33));
	TRY(fsupdate(&r, img, files, 4));
	ok = r.code == 0 && strstr(r.out, "updated cat big") && strstr(r.out, "added newprog") &&
	     strstr(r.out, "1 unchanged");
	if (!ok)
		snprintf(t_reason, sizeof(t_reason),
		         "fsupdate exit %d: "
		         "%.200s%.200s",
		         r.code, r.out, r.err);
	run_free(&r);
	if (!ok)
		return -1;
	TRY(fsck_clean(img));
	TRY(img_load(&after, img));
	ok = fs_compare(&after, "cat", tpath("_cat")) == 0 &&
	     fs_compare(&after, "big", tpath("_big")) == 0 &&
	     fs_compare(&after, "mid", tpath("mid")) == 0 &&
	     fs_compare(&after, "newprog", tpath("_newprog")) == 0 &&
	     fs_compare(&after, "notes", tpath("notes")) == 0 &&
	     fs_compare(&after, "README.md", tpath("README.md")) == 0 &&
	     fs_compare(&after, "empty", tpath("empty")) == 0 &&
	     fs_lookup(&after, "cat", &cat_after) == 0 &&
	     fs_lookup(&after, "abcdefghijklmn", &inum) == 0;
	img_free(&after);
	if (!ok)
		return failed("a file reads back wrong");
	CHECK(cat_after == cat_before, "cat moved from inode %u to %u", cat_before, cat_after);
	return 0;
}

/* Nothing changed: the image stays byte for byte the same. */
static int t_unchanged(void)
{
	const char *img = tpath("same.img"), *copy = tpath("same-copy.img");
	const char *files[] = {tpath("_cat"), tpath("mid"), tpath("notes")};
	struct run r;
	int ok;

	TRY(make_image(img, IMG_BLOCKS));
	TRY(copy_image(img, copy));
	TRY(fsupdate(&r, img, files, 3));
	ok = r.code == 0 && strstr(r.out, "up to date (3 files unchanged)");
	if (!ok)
		snprintf(t_reason, sizeof(t_reason), "fsupdate exit %d: %.200s", r.code, r.out);
	run_free(&r);
	if (!ok)
		return -1;
	CHECK(same_bytes(img, copy), "an update with nothing new changed the image");
	return 0;
}

/* Many new files: the root directory grows past its first block. */
static int t_many_new(void)
{
	const char *img = tpath("many.img");
	const char *files[MANY_FILES];
	char names[MANY_FILES][600];
	struct fsimg fi;
	struct run r;
	int i, ok;

	TRY(make_image(img, IMG_BLOCKS));
	for (i = 0; i < MANY_FILES; i++) {
		snprintf(names[i], sizeof(names[i]), "%s/_n%02d", t_dir, i);
		TRY(make_file(names[i], (unsigned long)i * 100, (unsigned)i + 40));
		files[i] = names[i];
	}
	TRY(fsupdate(&r, img, files, MANY_FILES));
	ok = r.code == 0;
	if (!ok)
		snprintf(t_reason, sizeof(t_reason),
		         "fsupdate of %d new files: "
		         "exit %d: %.300s",
		         MANY_FILES, r.code, r.err);
	run_free(&r);
	if (!ok)
		return -1;
	TRY(fsck_clean(img));
	TRY(img_load(&fi, img));
	for (i = 0; i < MANY_FILES && ok; i++)
		ok = fs_compare(&fi, strrchr(names[i], '/') + 2, names[i]) == 0;
	ok = ok && fs_compare(&fi, "notes", tpath("notes")) == 0;
	img_free(&fi);
	if (!ok)
		return failed("a new file reads back wrong");
	return 0;
}

/* A log with committed blocks must be replayed by the kernel first. */
static int t_refuse_log(void)
{
	const char *img = tpath("log.img");
	const char *files[] = {tpath("_cat")};
	struct fsimg fi;
	uint home;

	TRY(make_image(img, IMG_BLOCKS));
	TRY(img_load(&fi, img));
	home = fi.geo.datastart;
	log_put(&fi, 1, 1, 1, &home, 'Z', 1);
	TRY(img_save(&fi, img));
	img_free(&fi);
	return refused(img, files, 1, "boot Kite once to replay them");
}

static int t_refuse_superblock(void)
{
	const char *img = tpath("sb.img");
	const char *files[] = {tpath("_cat")};
	struct fsimg fi;

	TRY(make_image(img, IMG_BLOCKS));
	TRY(img_load(&fi, img));
	fi.sb.magic ^= 1;
	memcpy(img_block(&fi.im, 1), &fi.sb, sizeof(fi.sb));
	TRY(img_save(&fi, img));
	img_free(&fi);
	return refused(img, files, 1, "bad superblock: magic");
}

/* -s names the size the build wants; another size is refused. */
static int t_refuse_size(void)
{
	const char *img = tpath("size.img");
	const char *argv[] = {t_fsupdate, "-s", "5000", img, tpath("_cat"), NULL};
	struct run r;
	int ok;

	TRY(make_image(img, IMG_BLOCKS));
	TRY(run_tool(&r, argv));
	ok = r.code == 1 && strstr(r.err, "has 3000 blocks, not the 5000");
	run_free(&r);
	CHECK(ok, "an image of another size should be refused");
	return 0;
}

/* No room: refused as a whole, nothing half-written. */
static int t_refuse_full(void)
{
	const char *img = tpath("full.img");
	const char *files[] = {tpath("_cat"), tpath("huge")};

	TRY(make_image(img, TINY_BLOCKS));
	TRY(make_file(tpath("_cat"), 7 * BSIZE, 51));
	TRY(make_file(tpath("huge"), 900 * BSIZE, 52));
	TRY(refused(img, files, 2, "no free data block"));
	return fsck_clean(img);
}

/* No free inode for the second new file: refused as a whole. */
static int t_refuse_no_inode(void)
{
	const char *img = tpath("inodes.img");
	const char *files[] = {tpath("_new1"), tpath("_new2")};

	/* Inodes 0 and 1, then the 7 files: one of the TINY_INODES is free. */
	TRY(make_image_inodes(img, IMG_BLOCKS, TINY_INODES));
	TRY(make_file(tpath("_new1"), 100, 55));
	TRY(make_file(tpath("_new2"), 100, 56));
	TRY(refused(img, files, 2, "no free inode left"));
	return fsck_clean(img);
}

/* A name that is a device (or directory) on the image is not replaced. */
static int t_refuse_not_file(void)
{
	const char *img = tpath("dev.img");
	const char *files[] = {tpath("mid")};
	struct fsimg fi;
	struct dinode di;
	uint inum;

	TRY(make_image(img, IMG_BLOCKS));
	TRY(img_load(&fi, img));
	TRY(fs_lookup(&fi, "mid", &inum));
	img_get_inode(&fi.im, &fi.sb, inum, &di);
	di.type = T_DEVICE;
	img_put_inode(&fi.im, &fi.sb, inum, &di);
	TRY(img_save(&fi, img));
	img_free(&fi);
	TRY(make_file(tpath("mid"), 10, 53));
	return refused(img, files, 1, "/mid is not a regular file");
}

/* An image another program holds a lock on (QEMU running) is refused. */
static int t_refuse_locked(void)
{
	const char *img = tpath("locked.img");
	const char *files[] = {tpath("_cat")};
	struct flock fl;
	int fd, rc;

	TRY(make_image(img, IMG_BLOCKS));
	TRY(make_file(tpath("_cat"), 100, 54));
	fd = open(img, O_RDONLY);
	CHECK(fd >= 0, "cannot open %s", img);
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_RDLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = 100; /* one byte, as QEMU locks its permission bytes */
	fl.l_len = 1;
	if (fcntl(fd, F_OFD_SETLK, &fl) < 0) {
		close(fd);
		FAIL("cannot lock %s: %s", img, strerror(errno));
	}
	rc = refused(img, files, 1, "in use by another program");
	close(fd);
	return rc;
}

/* Bad command lines: a bad name, a duplicate, a missing input. */
static int t_refuse_input(void)
{
	const char *img = tpath("input.img");
	const char *toolong[] = {tpath("abcdefghijklmno")};
	const char *dup[] = {tpath("_cat"), tpath("cat")};
	const char *missing[] = {tpath("no-such-file")};

	TRY(make_image(img, IMG_BLOCKS));
	TRY(make_file(tpath("abcdefghijklmno"), 10, 0));
	TRY(make_file(tpath("cat"), 10, 0));
	TRY(refused(img, toolong, 1, "longer than 14 bytes"));
	TRY(refused(img, dup, 2, "both become 'cat'"));
	return refused(img, missing, 1, "cannot open");
}

static const struct test tests[] = {
    {"fsupdate_changed_new_and_untouched", t_update},
    {"fsupdate_nothing_new_changes_nothing", t_unchanged},
    {"fsupdate_root_directory_grows", t_many_new},
    {"fsupdate_refuses_log_to_replay", t_refuse_log},
    {"fsupdate_refuses_bad_superblock", t_refuse_superblock},
    {"fsupdate_refuses_other_size", t_refuse_size},
    {"fsupdate_refuses_when_full", t_refuse_full},
    {"fsupdate_refuses_no_free_inode", t_refuse_no_inode},
    {"fsupdate_refuses_non_file", t_refuse_not_file},
    {"fsupdate_refuses_locked_image", t_refuse_locked},
    {"fsupdate_refuses_bad_input", t_refuse_input},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
	const struct test *t;
	int pass = 0, fail = 0;

	if (argc != 5) {
		fprintf(stderr, "usage: fsupdate-test MKFS FSCK FSUPDATE TMPDIR\n");
		return 2;
	}
	t_mkfs = argv[1];
	t_fsck = argv[2];
	t_fsupdate = argv[3];
	t_dir = argv[4];
	if (mkdir(t_dir, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "fsupdate-test: cannot create %s\n", t_dir);
		return 2;
	}
	/* As test_main.c: sanitizer failures get exit codes of their own. */
	setenv("ASAN_OPTIONS", "exitcode=86:abort_on_error=0", 1);
	setenv("UBSAN_OPTIONS", "exitcode=87:print_stacktrace=1", 1);
	for (t = tests; t->name; t++) {
		int rc;

		/* Each test starts from the standard inputs (some edit them). */
		t_reason[0] = '\0';
		rc = make_inputs();
		if (rc == 0)
			rc = t->fn();
		if (rc == 0) {
			printf("test %s: OK\n", t->name);
			pass++;
		} else {
			printf("test %s: FAILED (%s)\n", t->name,
			       t_reason[0] ? t_reason : "no reason given");
			fail++;
		}
		fflush(stdout);
	}
	printf("%d passed, %d failed\n", pass, fail);
	return fail ? 1 : 0;
}
