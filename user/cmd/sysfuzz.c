/*
 * sysfuzz [-p] SEED NCALLS [NPROCS]: random system calls with hostile
 * arguments, from a seed, in NPROCS processes at once (default 3).
 * sysfuzz -r SEED NCALLS W [KEEP]: worker W's calls alone, in directory
 * fzr, each printed as C before it runs (so a console that ends in a
 * panic holds the program); KEEP names a file of call numbers and ranges
 * ("3", "10-20", one a line) to run, the others are skipped (scripts/fuzz.py
 * shrinks a failure that way).
 *
 * Each worker w runs in its own directory fzW and makes NCALLS calls drawn
 * from its own generator (seed SEED * 1000 + w): file, directory, pipe,
 * descriptor, memory and process calls, with bad pointers (null, kernel,
 * unmapped, misaligned), huge and negative lengths, closed and
 * out-of-range descriptors, deep and over-long paths and symlinks that
 * name themselves.  The calls that could stop the test itself are left
 * out or tamed: no halt, no kill of other processes, exec only with bad
 * arguments, no read from the console, pipes whose write end is closed
 * at once (so nothing blocks), device nodes only with unknown majors.
 *
 * The kernel must not panic or hang; a worker killed for a bad access of
 * its own is counted, not an error.  At the end the parent removes what
 * the workers made and compares free memory, free inodes and free blocks
 * with the start: "sysfuzz: done ... leaked 0 bytes, 0 inodes, 0 blocks",
 * or "LEAK of" instead of "leaked".  The seed is printed
 * first, so a console that ends in a panic names it; -p prints worker 0's
 * calls as a C program instead (drop it into user/ to reproduce).
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fs.h"
#include "kernel/fcntl.h"
#include "kernel/sysinfo.h"
#include "kernel/memlayout.h"
#include "kernel/vm.h"
#include "user/user.h"
#include "user/kite.h"

#define BUFSZ 8192
#define CHILD_CALLS 4 /* calls a forked child makes before it exits */

enum {
	C_READ,
	C_WRITE,
	C_OPEN,
	C_CLOSE,
	C_DUP,
	C_PIPE,
	C_FSTAT,
	C_UNLINK,
	C_MKDIR,
	C_CHDIR,
	C_LINK,
	C_SYMLINK,
	C_RENAME,
	C_LSEEK,
	C_FTRUNC,
	C_FSYNC,
	C_GETCWD,
	C_SBRK,
	C_FORK,
	C_EXEC,
	C_KILL,
	C_MKNOD,
	C_SLEEP,
	C_WAIT,
	C_UPTIME,
	NCALL
};

static const char *call_name[NCALL] = {
    "read",  "write", "open",    "close",  "dup",   "pipe",      "fstat", "unlink",     "mkdir",
    "chdir", "link",  "symlink", "rename", "lseek", "ftruncate", "fsync", "sys_getcwd", "sys_sbrk",
    "fork",  "exec",  "kill",    "mknod",  "sleep", "wait",      "uptime"};

/* Names inside a worker's directory; the parent removes them in this order. */
static const char *names[] = {"d/d/a", "d/a", "d/s", "d/d", "a", "b", "s", "t", "d"};
#define NNAMES ((int)(sizeof(names) / sizeof(names[0])))

static char *buf;         /* the heap's last BUFSZ bytes: an overlong read faults past it */
static char deep[600];    /* a/a/a/...: deeper than any real directory */
static char toolong[700]; /* longer than MAXPATH */

static uint64 rng;
static uint32 rnd(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32)(rng >> 33);
}

/* The arguments, as codes both the executor and the C printer understand. */
#define NPTR 6
static const char *ptr_text[NPTR] = {"(void *)buf",        "(void *)0",
                                     "(void *)0x80000000", "(void *)0x3ffffff000",
                                     "(void *)(buf + 1)",  "(void *)0xffffffffffff0000"};
static void *ptr_value(int k)
{
	static void *const bad[NPTR] = {
	    0, (void *)0, (void *)KERNBASE, (void *)0x3ffffff000L, 0, (void *)0xffffffffffff0000L};
	if (k == 0)
		return buf;
	if (k == 4)
		return buf + 1;
	return bad[k];
}
#define NLEN 7
static const int lens[NLEN] = {0, 1, 100, 4096, BUFSZ, 1 << 30, -1};
#define NPATH (NNAMES + 6)
static const char *qnames[] = {"\"d/d/a\"", "\"d/a\"", "\"d/s\"", "\"d/d\"", "\"a\"",
                               "\"b\"",     "\"s\"",   "\"t\"",   "\"d\""};
_Static_assert(sizeof(qnames) == sizeof(names), "qnames quotes names");
static const char *path_text(int k)
{
	static const char *extra[] = {"\".\"",   "\"..\"",    "deep",
	                              "toolong", "(char *)0", "(char *)0x80000000"};
	return k < NNAMES ? qnames[k] : extra[k - NNAMES];
}
static const char *path_value(int k)
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

struct call {
	int nr;
	int a, b, c; /* codes or plain numbers, by call */
};

static int lastfd = 3;
static int grown; /* bytes sbrk has added and not yet given back */

static int pick_fd(void)
{
	int r = (int)(rnd() % 8);
	if (r < 5)
		return lastfd;
	return 3 + (int)(rnd() % 20) - (r == 7 ? 10 : 0); /* closed, out of range, negative */
}

static struct call make_call(void)
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

static const int kill_pid[3] = {-1, 0, 99999};
static const int bad_major[3] = {-1, 77, 32767};

/* The sbrk argument for code a, keeping the worker's own heap intact. */
static int sbrk_arg(int a)
{
	if (a == 0)
		return 4096;
	if (a == 1)
		return grown >= 4096 ? -4096 : 0;
	return 0x7fffffff;
}

static void do_call(const struct call *c, int depth);

/* Descriptors 0-2 are the console: reading it would wait for typing. */
static int off_console(int fd)
{
	return fd >= 0 && fd <= 2 ? fd + 3 : fd;
}

static void run_child(int depth)
{
	for (int i = 0; i < CHILD_CALLS; i++) {
		struct call c = make_call();
		do_call(&c, depth + 1);
	}
	exit(0);
}

static void do_call(const struct call *c, int depth)
{
	int fd = c->a, r;
	switch (c->nr) {
	case C_READ:
		read(off_console(fd), ptr_value(c->b), c->c);
		break;
	case C_WRITE:
		write(off_console(fd), ptr_value(c->b), c->c);
		break;
	case C_OPEN:
		r = open(path_value(c->a), c->b);
		if (r >= 0)
			lastfd = r;
		break;
	case C_CLOSE:
		if (fd > 2)
			close(fd);
		break;
	case C_DUP:
		r = fd > 2 ? dup(fd) : -1;
		if (r >= 0)
			lastfd = r;
		break;
	case C_PIPE: {
		int p[2];
		char *at = ptr_value(c->a);
		if (c->a == 0 && pipe(p) == 0) {
			close(p[1]); /* nothing can block on it */
			lastfd = p[0];
		} else if (c->a != 0 && pipe((int *)at) == 0 && (at == buf || at == buf + 1)) {
			memcpy(p, at, sizeof(p)); /* a misaligned pipe(): the fds are there */
			close(p[1]);
		}
		break;
	}
	case C_FSTAT:
		fstat(fd, ptr_value(c->b));
		break;
	case C_UNLINK:
		unlink(path_value(c->a));
		break;
	case C_MKDIR:
		mkdir(path_value(c->a));
		break;
	case C_CHDIR:
		if (c->a < NNAMES)
			chdir(path_value(c->a));
		break;
	case C_LINK:
		link(path_value(c->a), path_value(c->b));
		break;
	case C_SYMLINK:
		symlink(path_value(c->a), path_value(c->b));
		break;
	case C_RENAME:
		rename(path_value(c->a), path_value(c->b));
		break;
	case C_LSEEK:
		lseek(fd, c->b, c->c);
		break;
	case C_FTRUNC:
		ftruncate(fd, c->b);
		break;
	case C_FSYNC:
		fsync(fd);
		break;
	case C_GETCWD:
		sys_getcwd(ptr_value(c->b), c->c);
		break;
	case C_SBRK: {
		int n = sbrk_arg(c->a);
		if (sys_sbrk(n, SBRK_LAZY) != (char *)-1 && n != 0x7fffffff)
			grown += n;
		break;
	}
	case C_FORK:
		if (depth > 0)
			break; /* children do not fork again */
		r = fork();
		if (r == 0)
			run_child(depth);
		if (r > 0)
			wait(0);
		break;
	case C_EXEC:
		exec(path_value(c->a), ptr_value(c->b));
		break;
	case C_KILL:
		kill(kill_pid[c->a]);
		break;
	case C_MKNOD:
		mknod(path_value(c->a), (short)bad_major[c->b], 0);
		break;
	case C_SLEEP:
		sleep(c->a);
		break;
	case C_WAIT:
		if (depth == 0)
			wait(ptr_value(c->a));
		break;
	case C_UPTIME:
		uptime();
		getpid();
		break;
	}
}

/* -p: the calls as C, one statement each (what do_call does, literally). */
static void print_call(const struct call *c)
{
	int fd = c->a;
	const char *n = call_name[c->nr];
	switch (c->nr) {
	case C_READ:
	case C_WRITE:
	case C_GETCWD:
		if (c->nr == C_GETCWD)
			printf("\t%s(%s, %d);\n", n, ptr_text[c->b], c->c);
		else
			printf("\t%s(%d, %s, %d);\n", n, off_console(fd), ptr_text[c->b], c->c);
		break;
	case C_OPEN:
		printf("\tlastfd = open(%s, %d);\n", path_text(c->a), c->b);
		break;
	case C_CLOSE:
		if (fd > 2)
			printf("\tclose(%d);\n", fd);
		break;
	case C_DUP:
		if (fd > 2)
			printf("\tdup(%d);\n", fd);
		break;
	case C_PIPE:
		if (c->a == 4)
			printf("\tif (pipe((int *)(buf + 1)) == 0) { memcpy(p, buf + 1, 8); "
			       "close(p[1]); }\n");
		else if (c->a)
			printf("\tpipe(%s);\n", ptr_text[c->a]);
		else
			printf("\tif (pipe(p) == 0) close(p[1]);\n");
		break;
	case C_FSTAT:
		printf("\tfstat(%d, %s);\n", fd, ptr_text[c->b]);
		break;
	case C_UNLINK:
	case C_MKDIR:
		printf("\t%s(%s);\n", n, path_text(c->a));
		break;
	case C_CHDIR:
		if (c->a < NNAMES)
			printf("\tchdir(%s);\n", path_text(c->a));
		break;
	case C_LINK:
	case C_SYMLINK:
	case C_RENAME:
		printf("\t%s(%s, %s);\n", n, path_text(c->a), path_text(c->b));
		break;
	case C_LSEEK:
		printf("\tlseek(%d, %d, %d);\n", fd, c->b, c->c);
		break;
	case C_FTRUNC:
		printf("\tftruncate(%d, %d);\n", fd, c->b);
		break;
	case C_FSYNC:
		printf("\tfsync(%d);\n", fd);
		break;
	case C_SBRK:
		printf("\tsys_sbrk(%d, SBRK_LAZY);\n", sbrk_arg(c->a));
		break;
	case C_FORK:
		printf("\tif (fork() == 0) exit(0); else wait(0);\n");
		break;
	case C_EXEC:
		printf("\texec(%s, %s);\n", path_text(c->a), ptr_text[c->b]);
		break;
	case C_KILL:
		printf("\tkill(%d);\n", kill_pid[c->a]);
		break;
	case C_MKNOD:
		printf("\tmknod(%s, %d, 0);\n", path_text(c->a), bad_major[c->b]);
		break;
	case C_SLEEP:
		printf("\tsleep(%d);\n", c->a);
		break;
	case C_WAIT:
		printf("\twait(%s);\n", ptr_text[c->a]);
		break;
	case C_UPTIME:
		printf("\tuptime();\n");
		break;
	}
}

static void worker_dir(int w, char *out)
{
	strcpy(out, "fz0");
	out[2] = (char)('0' + w);
}

#define CLEAN_DEPTH 12 /* mkdir(deep) can build a/a/a/... one level a call */
#define CLEAN_PATH 256

/* The start directory's names before the run (note_existing): kept. */
#define MAX_EXISTING 512
static char existing[MAX_EXISTING][DIRSIZ];
static int nexisting;

static int existed(const char *name)
{
	for (int i = 0; i < nexisting; i++)
		if (memcmp(existing[i], name, DIRSIZ) == 0)
			return 1;
	return 0;
}

/*
 * Remove everything under dir (but, with keep_old, the names existing[] lists):
 * each entry is unlinked, and one that will not go (a directory with
 * entries) is emptied first.  Names are read from the directory, not
 * from names[]: open((char *)0, O_CREATE) names a file with the bytes at
 * address 0, the program's own code.  A symlink is unlinked, never
 * followed (one may name "..").
 */
static void cleanup_at(const char *dir, int depth, int keep_old)
{
	int fd = open(dir, O_RDONLY);
	if (fd < 0)
		return;
	struct dirent de;
	char p[CLEAN_PATH];
	int len = strlen(dir);
	while (read(fd, &de, sizeof(de)) == sizeof(de)) {
		if (de.inum == 0 || strcmp(de.name, ".") == 0 || strcmp(de.name, "..") == 0)
			continue;
		if (keep_old && existed(de.name))
			continue;
		if (len + 1 + DIRSIZ + 1 > CLEAN_PATH)
			break;
		strcpy(p, dir);
		p[len] = '/';
		memmove(p + len + 1, de.name, DIRSIZ);
		p[len + 1 + DIRSIZ] = 0;
		if (unlink(p) < 0 && depth < CLEAN_DEPTH) {
			cleanup_at(p, depth + 1, 0);
			unlink(p);
		}
	}
	close(fd);
}

static void cleanup(const char *dir)
{
	for (int pass = 0; pass < 2;
	     pass++) /* a directory's entries may be read before a rename moved them */
		cleanup_at(dir, 0, 0);
	unlink(dir);
}

/*
 * A worker can leave its directory: chdir("d"), or a path "d/a", where d
 * is a symlink to "..".  What it made there lies in the directory sysfuzz
 * started in: the names that were not there before the run are removed
 * too (so do not run sysfuzz where others are making files).
 */
static void note_existing(void)
{
	int fd = open(".", O_RDONLY);
	struct dirent de;
	nexisting = 0;
	while (fd >= 0 && nexisting < MAX_EXISTING && read(fd, &de, sizeof(de)) == sizeof(de))
		if (de.inum)
			memmove(existing[nexisting++], de.name, DIRSIZ);
	if (fd >= 0)
		close(fd);
}

static void cleanup_escapees(void)
{
	for (int pass = 0; pass < 2; pass++)
		cleanup_at(".", 0, 1);
}

static void usage(void)
{
	fprintf(2, "usage: sysfuzz [-p] SEED NCALLS [NPROCS] | sysfuzz -r SEED NCALLS W [KEEP]\n");
	exit(1);
}

/* What the system has free: memory, inodes, blocks. */
struct freecount {
	long mem, inodes, blocks;
};

static void count_free(struct freecount *f)
{
	struct sysinfo si;
	struct statfs st;
	sysinfo(&si);
	f->mem = (long)si.freemem;
	if (statfs("/", &st) == 0) {
		f->inodes = (long)st.ffree;
		f->blocks = (long)st.bfree;
	} else {
		f->inodes = f->blocks = 0;
	}
}

/* "sysfuzz: done, ... leaked 0 bytes, 0 inodes, 0 blocks" (or LEAK of): 1 on a leak. */
static int report_leak(const struct freecount *before, int killed, int nprocs)
{
	struct freecount after;
	count_free(&after);
	long mem = before->mem - after.mem, ino = before->inodes - after.inodes;
	long blk = before->blocks - after.blocks;
	int leak = mem > 0 || ino > 0 || blk > 0;
	printf(
	    "sysfuzz: done, %d of %d workers killed by their own faults, %s %ld bytes, %ld inodes, "
	    "%ld blocks\n",
	    killed, nprocs, leak ? "LEAK of" : "leaked", mem > 0 ? mem : 0L, ino > 0 ? ino : 0L,
	    blk > 0 ? blk : 0L);
	return leak;
}

/* -r's KEEP file: keep[i] = 1 for each call number i it lists. */
static void read_keep(const char *path, char *keep, int ncalls)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(2, "sysfuzz: cannot open %s\n", path);
		exit(1);
	}
	char line[32];
	int n = 0;
	for (;;) {
		char ch;
		int got = read(fd, &ch, 1);
		if (got == 1 && ch != '\n' && n + 1 < (int)sizeof(line)) {
			line[n++] = ch;
			continue;
		}
		line[n] = 0;
		if (n > 0) {
			char *dash = strchr(line, '-');
			int lo = atoi(line), hi = dash ? atoi(dash + 1) : lo;
			for (int i = lo; i <= hi && i < ncalls; i++)
				if (i >= 0)
					keep[i] = 1;
		}
		n = 0;
		if (got != 1)
			break;
	}
	close(fd);
}

static void print_prologue(const char *what)
{
	printf("/* %s */\n", what);
	printf(
	    "#include \"kernel/types.h\"\n#include \"kernel/fcntl.h\"\n#include \"kernel/vm.h\"\n"
	    "#include \"user/user.h\"\n#include \"user/kite.h\"\n\n");
	printf("static char deep[600], toolong[700];\n\n");
	printf("int main(void)\n{\n\tint p[2], lastfd;\n\tchar *buf = sbrk(%d);\n", BUFSZ);
	printf("\t(void)p; (void)lastfd; (void)buf;\n");
	printf("\tfor (int i = 0; i + 2 < 600; i += 2) deep[i] = 'a', deep[i + 1] = '/';\n");
	printf("\tmemset(toolong, 'x', 699);\n");
}

static void print_epilogue(void)
{
	printf("\tprintf(\"reproducer done\\n\");\n\texit(0);\n}\n");
}

/* -r: worker w's calls in fzr, those keep names (all if keep is 0), printed as they run. */
static int replay(int seed, int ncalls, int w, const char *keepfile)
{
	char *keep = malloc(ncalls);
	if (!keep)
		usage();
	memset(keep, keepfile ? 0 : 1, ncalls);
	if (keepfile)
		read_keep(keepfile, keep, ncalls);
	struct freecount before;
	count_free(&before);
	note_existing();
	int pid = fork();
	if (pid == 0) {
		mkdir("fzr");
		if (chdir("fzr") < 0)
			exit(1);
		printf("/* sysfuzz -r %d %d %d: run it anywhere */\n", seed, ncalls, w);
		print_prologue("a reproducer");
		printf("\tmkdir(\"fzr\");\n\tchdir(\"fzr\");\n");
		rng = (uint64)seed * 1000 + (uint64)w;
		for (int i = 0; i < ncalls; i++) {
			struct call c = make_call();
			if (!keep[i])
				continue;
			print_call(&c);
			do_call(&c, 0);
		}
		print_epilogue();
		exit(0);
	}
	int st = 0;
	if (pid < 0 || wait(&st) < 0)
		exit(1);
	cleanup("fzr");
	cleanup_escapees();
	return report_leak(&before, st != 0, 1);
}

int main(int argc, char *argv[])
{
	if (argc > 1 && strcmp(argv[1], "-r") == 0) {
		if (argc < 5 || argc > 6)
			usage();
		int seed = atoi(argv[2]), ncalls = atoi(argv[3]), w = atoi(argv[4]);
		if (ncalls <= 0 || w < 0 || w > 9)
			usage();
		for (int i = 0; i + 2 < (int)sizeof(deep); i += 2)
			deep[i] = 'a', deep[i + 1] = '/';
		memset(toolong, 'x', sizeof(toolong) - 1);
		buf = sbrk(BUFSZ);
		if (buf == (char *)-1)
			usage();
		return replay(seed, ncalls, w, argc == 6 ? argv[5] : 0);
	}
	int print = argc > 1 && strcmp(argv[1], "-p") == 0;
	if (argc < 3 + print || argc > 4 + print)
		usage();
	int seed = atoi(argv[1 + print]), ncalls = atoi(argv[2 + print]);
	int nprocs = argc == 4 + print ? atoi(argv[3 + print]) : 3;
	if (ncalls <= 0 || nprocs <= 0 || nprocs > 9)
		usage();
	for (int i = 0; i + 2 < (int)sizeof(deep); i += 2)
		deep[i] = 'a', deep[i + 1] = '/';
	memset(toolong, 'x', sizeof(toolong) - 1);
	buf = sbrk(BUFSZ);
	if (buf == (char *)-1)
		usage();

	if (print) {
		rng = (uint64)seed * 1000;
		printf("/* sysfuzz -p %d %d: worker 0's calls (run in an empty directory) */\n",
		       seed, ncalls);
		print_prologue("the calls as generated, without running them");
		for (int i = 0; i < ncalls; i++) {
			struct call c = make_call();
			print_call(&c);
		}
		print_epilogue();
		return 0;
	}

	printf("sysfuzz: seed %d, %d calls, %d processes\n", seed, ncalls, nprocs);
	struct freecount before;
	count_free(&before);
	note_existing();
	for (int w = 0; w < nprocs; w++) {
		char dir[8];
		worker_dir(w, dir);
		mkdir(dir);
		int pid = fork();
		if (pid < 0) {
			printf("sysfuzz: fork failed\n");
			exit(1);
		}
		if (pid == 0) {
			if (chdir(dir) < 0)
				exit(1);
			rng = (uint64)seed * 1000 + (uint64)w;
			for (int i = 0; i < ncalls; i++) {
				struct call c = make_call();
				do_call(&c, 0);
			}
			exit(0);
		}
	}
	int killed = 0;
	for (int w = 0; w < nprocs; w++) {
		int st;
		if (wait(&st) < 0)
			break;
		if (st != 0)
			killed++;
	}
	for (int w = 0; w < nprocs; w++) {
		char dir[8];
		worker_dir(w, dir);
		cleanup(dir);
	}
	cleanup_escapees();
	return report_leak(&before, killed, nprocs);
}
