/*
 * testlib.c: helpers for the mkfs/fsck host tests (see testlib.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

/* A tool that hangs this long is treated as looping forever. */
#define RUN_TIMEOUT_SEC 30
/* Exit codes the sanitizers are told to use (see test_main.c). */
#define SAN_EXIT_ASAN 86
#define SAN_EXIT_UBSAN 87

const char *t_mkfs, *t_fsck, *t_dir;
char t_reason[512];

const char *tpath(const char *name)
{
	/* A ring, so a test can hold a few paths at once. */
	static char ring[16][512];
	static int next;
	char *p = ring[next++ % 16];

	snprintf(p, sizeof(ring[0]), "%s/%s", t_dir, name);
	return p;
}

static char *slurp_text(const char *path, int *lines)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	long n;
	int i;

	*lines = 0;
	if (!fp)
		return strdup("");
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)(n > 0 ? n : 0) + 1);
	if (!buf) {
		fclose(fp);
		return strdup("");
	}
	n = (long)fread(buf, 1, (size_t)(n > 0 ? n : 0), fp);
	buf[n] = '\0';
	fclose(fp);
	for (i = 0; i < n; i++)
		*lines += buf[i] == '\n';
	return buf;
}

int run_tool(struct run *r, const char *const argv[])
{
	char outp[512], errp[512];
	int status;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	snprintf(outp, sizeof(outp), "%s/run.out", t_dir);
	snprintf(errp, sizeof(errp), "%s/run.err", t_dir);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		FAIL("fork: %s", strerror(errno));
	if (pid == 0) {
		int o = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (o < 0 || e < 0)
			_exit(126);
		dup2(o, 1);
		dup2(e, 2);
		alarm(RUN_TIMEOUT_SEC); /* survives exec: catches endless loops */
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		FAIL("waitpid: %s", strerror(errno));
	r->out = slurp_text(outp, &r->outlines);
	r->err = slurp_text(errp, &r->errlines);
	if (WIFSIGNALED(status)) {
		r->code = -1;
		r->sig = WTERMSIG(status);
	} else {
		r->code = WEXITSTATUS(status);
	}
	r->sanitizer = r->code == SAN_EXIT_ASAN || r->code == SAN_EXIT_UBSAN ||
	               strstr(r->err, "Sanitizer") || strstr(r->err, "runtime error");
	if (r->code == 127) {
		run_free(r);
		FAIL("cannot exec %s", argv[0]);
	}
	return 0;
}

void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

/* The line of a sanitizer report that says what went wrong. */
static const char *san_line(const char *err)
{
	const char *p = strstr(err, "runtime error");

	if (!p)
		p = strstr(err, "ERROR:");
	if (!p)
		return err;
	while (p > err && p[-1] != '\n')
		p--;
	return p;
}

int fsck_expect(const char *path, int want, struct run *r)
{
	const char *argv[] = {t_fsck, path, NULL};

	TRY(run_tool(r, argv));
	if (r->sig)
		snprintf(t_reason, sizeof(t_reason), "fsck killed by signal %d", r->sig);
	else if (r->sanitizer)
		snprintf(t_reason, sizeof(t_reason), "sanitizer error: %.*s",
		         (int)strcspn(san_line(r->err), "\n"), san_line(r->err));
	else if (want >= 0 && r->code != want)
		snprintf(t_reason, sizeof(t_reason), "fsck exit %d, want %d; first line: %.200s",
		         r->code, want, r->outlines ? r->out : r->err);
	else
		return 0;
	run_free(r); /* the caller only frees after success */
	return -1;
}

unsigned rnd(unsigned *s)
{
	/* xorshift32: deterministic across hosts, good enough to make noise */
	unsigned x = *s ? *s : 0x9e3779b9u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

void fill_random(uchar *buf, unsigned long n, unsigned seed)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		buf[i] = (uchar)rnd(&seed);
}

int make_file(const char *path, unsigned long n, unsigned seed)
{
	uchar *buf = malloc(n ? n : 1);
	FILE *fp;
	unsigned long i;

	CHECK(buf, "out of memory");
	if (seed)
		fill_random(buf, n, seed);
	else
		for (i = 0; i < n; i++)
			buf[i] = i % 64 == 63 ? '\n' : (uchar)('a' + i % 26);
	fp = fopen(path, "wb");
	if (!fp || fwrite(buf, 1, n, fp) != n || fclose(fp) != 0) {
		free(buf);
		FAIL("cannot write %s", path);
	}
	free(buf);
	return 0;
}

int img_load(struct fsimg *fi, const char *path)
{
	FILE *fp = fopen(path, "rb");
	long n;

	memset(fi, 0, sizeof(*fi));
	CHECK(fp, "cannot open image %s", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	fi->im.data = malloc((size_t)n + 1);
	fi->im.len = (unsigned long)n;
	if (!fi->im.data || fread(fi->im.data, 1, (size_t)n, fp) != (size_t)n) {
		fclose(fp);
		FAIL("cannot read image %s", path);
	}
	fclose(fp);
	CHECK(img_read_sb(&fi->im, &fi->sb) == 0, "image %s too short", path);
	if (sb_check(&fi->sb, fi->im.len / BSIZE, &fi->geo, t_reason, sizeof(t_reason)) < 0)
		return -1;
	return 0;
}

int img_save(const struct fsimg *fi, const char *path)
{
	FILE *fp = fopen(path, "wb");

	CHECK(fp, "cannot create %s", path);
	if (fwrite(fi->im.data, 1, fi->im.len, fp) != fi->im.len) {
		fclose(fp);
		FAIL("cannot write %s", path);
	}
	CHECK(fclose(fp) == 0, "cannot write %s", path);
	return 0;
}

void img_free(struct fsimg *fi)
{
	free(fi->im.data);
	fi->im.data = NULL;
}

static const uchar *read_any(void *ctx, uint addr)
{
	const struct fsimg *fi = ctx;

	if (addr >= fi->sb.size)
		return NULL;
	return img_block(&fi->im, addr);
}

uint fs_bmap(const struct fsimg *fi, uint inum, uint n)
{
	struct dinode di;

	if (img_get_inode(&fi->im, &fi->sb, inum, &di) < 0)
		return 0;
	return bmap_lookup(&di, n, read_any, (void *)fi);
}

struct dirent *fs_dirent(struct fsimg *fi, uint dir, uint slot)
{
	uint per = BSIZE / sizeof(struct dirent);
	uint addr = fs_bmap(fi, dir, slot / per);
	uchar *blk = addr ? img_block(&fi->im, addr) : NULL;

	return blk ? (struct dirent *)blk + slot % per : NULL;
}

int fs_lookup(const struct fsimg *fi, const char *name, uint *inum)
{
	struct dinode root;
	uint slot;

	CHECK(img_get_inode(&fi->im, &fi->sb, ROOTINO, &root) == 0, "no root inode");
	for (slot = 0; slot < root.size / sizeof(struct dirent); slot++) {
		struct dirent *de = fs_dirent((struct fsimg *)fi, ROOTINO, slot);
		CHECK(de, "root directory slot %u unreadable", slot);
		if (de->inum && strncmp(de->name, name, DIRSIZ) == 0) {
			*inum = de->inum;
			return 0;
		}
	}
	FAIL("'%s' not found in root", name);
}

int fs_read(const struct fsimg *fi, uint inum, uchar **data, unsigned long *len)
{
	struct dinode di;
	unsigned long off;
	uchar *buf;

	CHECK(img_get_inode(&fi->im, &fi->sb, inum, &di) == 0, "bad inode %u", inum);
	buf = malloc(di.size + 1UL);
	CHECK(buf, "out of memory");
	for (off = 0; off < di.size; off += BSIZE) {
		uint addr = fs_bmap(fi, inum, (uint)(off / BSIZE));
		unsigned long n = di.size - off < BSIZE ? di.size - off : BSIZE;
		const uchar *blk = addr ? img_block(&fi->im, addr) : NULL;
		if (!blk) {
			free(buf);
			FAIL("inode %u block %lu unmapped", inum, off / BSIZE);
		}
		memcpy(buf + off, blk, n);
	}
	*data = buf;
	*len = di.size;
	return 0;
}

/* Whole contents of a host file. */
static int read_host(const char *path, uchar **data, unsigned long *len)
{
	struct stat st;
	uchar *buf;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	CHECK(fd >= 0 && fstat(fd, &st) == 0, "cannot open %s", path);
	buf = malloc((size_t)st.st_size + 1);
	n = buf ? read(fd, buf, (size_t)st.st_size) : -1;
	close(fd);
	if (n != st.st_size) {
		free(buf);
		FAIL("cannot read %s", path);
	}
	*data = buf;
	*len = (unsigned long)st.st_size;
	return 0;
}

int fs_compare(const struct fsimg *fi, const char *name, const char *host)
{
	uchar *got, *want;
	unsigned long glen, wlen;
	uint inum;
	int same;

	TRY(fs_lookup(fi, name, &inum));
	TRY(fs_read(fi, inum, &got, &glen));
	if (read_host(host, &want, &wlen) < 0) {
		free(got);
		return -1;
	}
	same = glen == wlen && memcmp(got, want, glen) == 0;
	free(got);
	free(want);
	CHECK(same, "'%s' in image (%lu bytes) differs from %s (%lu bytes)", name, glen, host,
	      wlen);
	return 0;
}

uint fs_free_inode(const struct fsimg *fi)
{
	struct dinode di;
	uint i;

	for (i = ROOTINO + 1; i < fi->sb.ninodes; i++)
		if (img_get_inode(&fi->im, &fi->sb, i, &di) == 0 && di.type == 0)
			return i;
	return 0;
}

uint fs_free_block(const struct fsimg *fi)
{
	uint b;

	for (b = fi->geo.datastart; b < fi->sb.size; b++)
		if (img_get_bit(&fi->im, &fi->sb, b) == 0)
			return b;
	return 0;
}

int fs_add_entry(struct fsimg *fi, uint dir, const char *name, uint inum)
{
	struct dinode di;
	struct dirent *de;
	uint slot;

	CHECK(img_get_inode(&fi->im, &fi->sb, dir, &di) == 0, "bad dir %u", dir);
	CHECK(di.size % BSIZE != 0, "directory %u has no room", dir);
	slot = di.size / sizeof(struct dirent);
	de = fs_dirent(fi, dir, slot);
	CHECK(de, "directory %u slot %u unmapped", dir, slot);
	memset(de, 0, sizeof(*de));
	de->inum = (ushort)inum;
	strncpy(de->name, name, DIRSIZ);
	di.size += sizeof(struct dirent);
	img_put_inode(&fi->im, &fi->sb, dir, &di);
	return 0;
}

const struct input_file inputs[] = {
    {"README.md", "README.md", 1500, 0},
    {"_cat", "cat", 30000, 1},
    {"empty", "empty", 0, 0},
    {"mid", "mid", 20 * BSIZE + 5, 2},
    {"_big", "big", (NDIRECT + NINDIRECT + 300) * BSIZE + 77, 3},
    {"_abcdefghijklmn", "abcdefghijklmn", 100, 4},
};
const int ninputs = sizeof(inputs) / sizeof(inputs[0]);

int make_inputs(void)
{
	int i;

	for (i = 0; i < ninputs; i++)
		TRY(make_file(tpath(inputs[i].host), inputs[i].size, inputs[i].seed));
	return 0;
}

int make_base(const char *path, const char *opt_s, const char *opt_i)
{
	const char *argv[8 + sizeof(inputs) / sizeof(inputs[0])];
	char host[sizeof(inputs) / sizeof(inputs[0])][512];
	struct run r;
	int n = 0, i;

	argv[n++] = t_mkfs;
	if (opt_s) {
		argv[n++] = "-s";
		argv[n++] = opt_s;
	}
	if (opt_i) {
		argv[n++] = "-i";
		argv[n++] = opt_i;
	}
	argv[n++] = path;
	for (i = 0; i < ninputs; i++) {
		snprintf(host[i], sizeof(host[i]), "%s", tpath(inputs[i].host));
		argv[n++] = host[i];
	}
	argv[n] = NULL;
	TRY(run_tool(&r, argv));
	if (r.code != 0 || r.sanitizer || r.sig) {
		snprintf(t_reason, sizeof(t_reason), "mkfs exit %d: %.200s", r.code, r.err);
		run_free(&r);
		return -1;
	}
	run_free(&r);
	return 0;
}

void log_put(struct fsimg *fi, int h, uint64 seq, uint n, const uint *homes, int fill, int sum_ok)
{
	uint at = LOG_HALF_START(fi->sb, h);
	struct logheader lh;
	uint64 sum;
	uint i;

	memset(&lh, 0, sizeof(lh));
	lh.seq = seq;
	lh.n = n;
	for (i = 0; i < n; i++)
		lh.block[i] = homes[i];
	sum = logsum_header(&lh);
	for (i = 0; i < n; i++) {
		uchar *slot = img_block(&fi->im, at + 1 + i);

		if (fill < 0)
			memcpy(slot, img_block(&fi->im, homes[i]), BSIZE);
		else
			memset(slot, fill, BSIZE);
		sum = logsum_block(sum, slot);
	}
	lh.sum = sum + (sum_ok ? 0 : 1);
	memcpy(img_block(&fi->im, at), &lh, sizeof(lh));
}
