/*
 * gen.c: sysfuzz's generator.  From a seed, a stream of calls (struct
 * call: a call number and argument codes) with hostile arguments: bad
 * pointers (null, kernel, unmapped, misaligned), huge and negative
 * lengths, closed and out-of-range descriptors, deep and over-long paths
 * and symlinks that name themselves.  format_call writes a call as the
 * C statement that makes it, which is what step.c does literally, so a
 * printed run is a program that makes the same calls.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/memlayout.h"
#include "user/user.h"
#include "user/kite.h"
#include "sysfuzz.h"

const char *const names[NNAMES] = {"d/d/a", "d/a", "d/s", "d/d", "a", "b", "s", "t", "d"};
static const char *const qnames[NNAMES] = {"\"d/d/a\"", "\"d/a\"", "\"d/s\"", "\"d/d\"", "\"a\"",
                                           "\"b\"",     "\"s\"",   "\"t\"",   "\"d\""};

char *buf;
char deep[600];
char toolong[700];

void setup_buffers(void)
{
	for (int i = 0; i + 2 < (int)sizeof(deep); i += 2)
		deep[i] = 'a', deep[i + 1] = '/';
	memset(toolong, 'x', sizeof(toolong) - 1);
	buf = sbrk(BUFSZ);
	if (buf == (char *)-1) {
		fprintf(2, "sysfuzz: no memory\n");
		exit(1);
	}
}

uint64 rng;
int lastfd = 3;
int grown;

/* Worker w of a seed draws from its own stream. */
void seed_worker(int seed, int w)
{
	rng = (uint64)seed * 1000 + (uint64)w;
}

static uint32 rnd(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32)(rng >> 33);
}

static const char *call_name[NCALL] = {
    "read",  "write", "open",    "close",  "dup",   "pipe",      "fstat", "unlink",     "mkdir",
    "chdir", "link",  "symlink", "rename", "lseek", "ftruncate", "fsync", "sys_getcwd", "sys_sbrk",
    "fork",  "exec",  "kill",    "mknod",  "sleep", "wait",      "uptime"};

/* The arguments, as codes both the executor and the C printer understand. */
#define NPTR 6
#define PTR_BUF 0
#define PTR_BUF_PLUS1 4
static const char *ptr_text[NPTR] = {"(void *)buf",        "(void *)0",
                                     "(void *)0x80000000", "(void *)0x3ffffff000",
                                     "(void *)(buf + 1)",  "(void *)0xffffffffffff0000"};
void *ptr_value(int k)
{
	static void *const bad[NPTR] = {
	    0, (void *)0, (void *)KERNBASE, (void *)0x3ffffff000L, 0, (void *)0xffffffffffff0000L};
	if (k == PTR_BUF)
		return buf;
	if (k == PTR_BUF_PLUS1)
		return buf + 1;
	return bad[k];
}
#define NLEN 7
static const int lens[NLEN] = {0, 1, 100, 4096, BUFSZ, 1 << 30, -1};
#define NPATH (NNAMES + 6)
static const char *path_text(int k)
{
	static const char *extra[] = {"\".\"",   "\"..\"",    "deep",
	                              "toolong", "(char *)0", "(char *)0x80000000"};
	return k < NNAMES ? qnames[k] : extra[k - NNAMES];
}
const char *path_value(int k)
{
	if (k < NNAMES)
		return names[k];
	switch (k - NNAMES) {
	case 0:
		return ".";
	case 1:
		return "..";
	case 2:
		return deep;
	case 3:
		return toolong;
	case 4:
		return 0;
	default:
		return (const char *)KERNBASE;
	}
}

const int kill_pid[3] = {-1, 0, 99999};
const int bad_major[3] = {-1, 77, 32767};

static int pick_fd(void)
{
	int r = (int)(rnd() % 8);
	if (r < 5)
		return lastfd;
	return 3 + (int)(rnd() % 20) - (r == 7 ? 10 : 0); /* closed, out of range, negative */
}

struct call make_call(void)
{
	struct call c = {(int)(rnd() % NCALL), 0, 0, 0};
	switch (c.nr) {
	case C_READ:
	case C_WRITE:
	case C_GETCWD:
		c.a = pick_fd();
		c.b = (int)(rnd() % NPTR);
		c.c = lens[rnd() % NLEN];
		break;
	case C_OPEN:
		c.a = (int)(rnd() % NPATH);
		c.b = (int)(rnd() % 2 ? O_CREATE | O_RDWR : rnd() % 8) | (rnd() % 4 ? 0 : O_TRUNC);
		break;
	case C_CLOSE:
	case C_DUP:
	case C_FSYNC:
		c.a = pick_fd();
		break;
	case C_PIPE:
		c.a = (int)(rnd() % 3 ? 0 : 1 + rnd() % (NPTR - 1));
		break;
	case C_FSTAT:
		c.a = pick_fd();
		c.b = (int)(rnd() % NPTR);
		break;
	case C_UNLINK:
	case C_MKDIR:
	case C_CHDIR:
		c.a = (int)(rnd() % NPATH);
		break;
	case C_LINK:
	case C_SYMLINK:
	case C_RENAME:
		c.a = (int)(rnd() % NPATH);
		c.b = (int)(rnd() % NPATH);
		break;
	case C_LSEEK:
		c.a = pick_fd();
		c.b = lens[rnd() % NLEN];
		c.c = (int)(rnd() % 4) - 1;
		break;
	case C_FTRUNC:
		c.a = pick_fd();
		c.b = rnd() % 3 ? (int)(rnd() % 20000) : lens[rnd() % NLEN];
		break;
	case C_SBRK:
		c.a = (int)(rnd() % 3);
		break; /* grow a page, give it back, absurd */
	case C_EXEC:
		c.a = (int)(rnd() % NPATH);
		c.b = 1 + (int)(rnd() % (NPTR - 1));
		break;
	case C_KILL:
		c.a = (int)(rnd() % 3);
		break; /* -1, 0, a pid no process has */
	case C_MKNOD:
		c.a = (int)(rnd() % NPATH);
		c.b = (int)(rnd() % 3);
		break;
	case C_SLEEP:
		c.a = (int)(rnd() % 2);
		break;
	case C_WAIT:
		c.a = (int)(rnd() % NPTR);
		break;
	default:
		break;
	}
	return c;
}

/* The sbrk argument for code a, keeping the worker's own heap intact. */
int sbrk_arg(int a)
{
	if (a == 0)
		return 4096;
	if (a == 1)
		return grown >= 4096 ? -4096 : 0;
	return 0x7fffffff;
}

/* Descriptors 0-2 are the console: reading it would wait for typing. */
int off_console(int fd)
{
	return fd >= 0 && fd <= 2 ? fd + 3 : fd;
}

void format_call(const struct call *c, int depth, char *out, int n)
{
	int fd = c->a;
	const char *nm = call_name[c->nr];
	out[0] = 0;
	switch (c->nr) {
	case C_READ:
	case C_WRITE:
		snprintf(out, n, "%s(%d, %s, %d);", nm, off_console(fd), ptr_text[c->b], c->c);
		break;
	case C_GETCWD:
		snprintf(out, n, "%s(%s, %d);", nm, ptr_text[c->b], c->c);
		break;
	case C_OPEN:
		snprintf(out, n, "lastfd = open(%s, %d);", path_text(c->a), c->b);
		break;
	case C_CLOSE:
	case C_DUP:
		if (fd > 2)
			snprintf(out, n, "%s(%d);", nm, fd);
		break;
	case C_PIPE:
		if (c->a == PTR_BUF_PLUS1)
			snprintf(out, n,
			         "if (pipe((int *)(buf + 1)) == 0) { memcpy(p, buf + 1, 8); "
			         "close(p[1]); }");
		else if (c->a)
			snprintf(out, n, "pipe(%s);", ptr_text[c->a]);
		else
			snprintf(out, n, "if (pipe(p) == 0) close(p[1]);");
		break;
	case C_FSTAT:
		snprintf(out, n, "fstat(%d, %s);", fd, ptr_text[c->b]);
		break;
	case C_UNLINK:
	case C_MKDIR:
		snprintf(out, n, "%s(%s);", nm, path_text(c->a));
		break;
	case C_CHDIR:
		if (c->a < NNAMES)
			snprintf(out, n, "chdir(%s);", path_text(c->a));
		break;
	case C_LINK:
	case C_SYMLINK:
	case C_RENAME:
		snprintf(out, n, "%s(%s, %s);", nm, path_text(c->a), path_text(c->b));
		break;
	case C_LSEEK:
		snprintf(out, n, "lseek(%d, %d, %d);", fd, c->b, c->c);
		break;
	case C_FTRUNC:
		snprintf(out, n, "ftruncate(%d, %d);", fd, c->b);
		break;
	case C_FSYNC:
		snprintf(out, n, "fsync(%d);", fd);
		break;
	case C_SBRK:
		snprintf(out, n, "sys_sbrk(%d, SBRK_LAZY);", sbrk_arg(c->a));
		break;
	case C_FORK:
		if (depth == 0) /* children do not fork again; the child's block follows */
			snprintf(out, n, "if (fork() == 0) {");
		break;
	case C_EXEC:
		snprintf(out, n, "exec(%s, %s);", path_text(c->a), ptr_text[c->b]);
		break;
	case C_KILL:
		snprintf(out, n, "kill(%d);", kill_pid[c->a]);
		break;
	case C_MKNOD:
		snprintf(out, n, "mknod(%s, %d, 0);", path_text(c->a), bad_major[c->b]);
		break;
	case C_SLEEP:
		snprintf(out, n, "sleep(%d);", c->a);
		break;
	case C_WAIT:
		if (depth == 0)
			snprintf(out, n, "wait(%s);", ptr_text[c->a]);
		break;
	case C_UPTIME:
		snprintf(out, n, "uptime(); getpid();");
		break;
	}
}
