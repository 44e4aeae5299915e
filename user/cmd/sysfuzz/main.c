/*
 * sysfuzz [-x RULE] [-p] SEED NCALLS [NPROCS]: random system calls with
 * hostile arguments, from a seed, in NPROCS processes at once (default 3).
 * sysfuzz -r SEED NCALLS W [KEEP]: worker W's calls alone, in directory
 * fzr, each printed as C before it runs (so a console that ends in a
 * panic holds the program); KEEP names a file of call ids and ranges
 * ("3", "10-20", one a line) to run, the others are skipped.
 * sysfuzz -m SEED NCALLS NPROCS [KEEP]: the run itself, every worker at
 * once, each call recorded on a line "@fz W ID TEXT" before it runs (ID
 * "I" for the worker's call I, "I.J" for call J of the child its fork at
 * I made; TEXT the C statement); KEEP lines "W:ID" or "W:LO-HI" choose the
 * calls, and a worker it names no call of does not run.  scripts/fuzz.py
 * shrinks a failure with -m and builds the reproducer from the records.
 * -x RULE plants a failure of a known shape (step.c).
 *
 * Each worker w runs in its own directory fzW and makes NCALLS calls drawn
 * from its own stream (gen.c); a call id above NCALLS is a forked child's
 * (sysfuzz.h).  The kernel must not panic or hang; a worker killed for a
 * bad access of its own is counted, not an error.  At the end the parent
 * removes what the workers made and compares free memory, free inodes and
 * free blocks with the start: "sysfuzz: done ... leaked 0 bytes, 0 inodes,
 * 0 blocks", or "LEAK of" instead of "leaked".  The seed is printed first,
 * so a console that ends in a panic names it; -p prints worker 0's calls,
 * its children's too, as a C program without running them.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fs.h"
#include "kernel/fcntl.h"
#include "kernel/sysinfo.h"
#include "user/user.h"
#include "user/kite.h"
#include "sysfuzz.h"

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
	fprintf(2, "usage: sysfuzz [-x RULE] [-p] SEED NCALLS [NPROCS] | sysfuzz [-x RULE] -r SEED "
	           "NCALLS W [KEEP] | sysfuzz [-x RULE] -m SEED NCALLS NPROCS [KEEP]\n");
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

/* KEEP file: keep[w * nids + id] = 1 for each "W:ID", "W:LO-HI", "ID" (w 0)
 * or "LO-HI" it lists (one a line or a word); ids past nids and workers past
 * nprocs are ignored. */
static void read_keep(const char *path, char *keep, int nids, int nprocs)
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
		if (got == 1 && ch != '\n' && ch != ' ' && n + 1 < (int)sizeof(line)) {
			line[n++] = ch;
			continue;
		}
		line[n] = 0;
		char *colon = strchr(line, ':'), *ids = colon ? colon + 1 : line;
		int w = colon ? atoi(line) : 0;
		if (n > 0 && w >= 0 && w < nprocs) {
			char *dash = strchr(ids, '-');
			int lo = atoi(ids), hi = dash ? atoi(dash + 1) : lo;
			for (int i = lo < 0 ? 0 : lo; i <= hi && i < nids; i++)
				keep[w * nids + i] = 1;
		}
		n = 0;
		if (got != 1)
			break;
	}
	close(fd);
}

/* The keep table for KEEP (every call of every worker without one). */
static char *make_keep(const char *path, int nids, int nprocs)
{
	char *keep = malloc(nids * nprocs);
	if (!keep)
		usage();
	memset(keep, path ? 0 : 1, nids * nprocs);
	if (path)
		read_keep(path, keep, nids, nprocs);
	return keep;
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

/* Worker w's calls, as the run makes them (what the keep table keeps). */
static void worker_calls(int seed, int w, int ncalls)
{
	seed_worker(seed, w);
	ctx.worker = w;
	ctx.ncalls = ncalls;
	for (int i = 0; i < ncalls; i++) {
		struct call c = make_call();
		step(&c, i);
	}
}

/* -r: worker w's calls in fzr, those keep names (all if keep is 0), printed as they run. */
static int replay(int seed, int ncalls, int w, const char *keepfile)
{
	ctx.keep = make_keep(keepfile, ncalls * (1 + CHILD_CALLS), 1);
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
		ctx.print = PRINT_PLAIN;
		worker_calls(seed, w, ncalls);
		print_epilogue();
		exit(0);
	}
	int st = 0;
	if (pid < 0 || wait(&st) < 0)
		exit(1);
	cleanup("fzr");
	cleanup_escapees();
	unlink(PLANT_MARK);
	return report_leak(&before, st != 0, 1);
}

/* The run (and -m): the workers at once, each in fzW, keep choosing calls. */
static int run_workers(int seed, int ncalls, int nprocs, const char *keep)
{
	int nids = ncalls * (1 + CHILD_CALLS), started = 0;
	printf("sysfuzz: seed %d, %d calls, %d processes\n", seed, ncalls, nprocs);
	struct freecount before;
	count_free(&before);
	note_existing();
	for (int w = 0; w < nprocs; w++) {
		int any = 0;
		for (int i = 0; keep && i < nids && !any; i++)
			any = keep[w * nids + i];
		if (keep && !any)
			continue; /* -m: a worker the keep file leaves out */
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
			ctx.keep = keep ? keep + w * nids : 0;
			worker_calls(seed, w, ncalls);
			exit(0);
		}
		started++;
	}
	int killed = 0;
	for (int w = 0; w < started; w++) {
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
	unlink(PLANT_MARK);
	return report_leak(&before, killed, started);
}

/* -p: worker 0's calls as C, a forked child's below its fork, none run. */
static void print_calls(int seed, int ncalls)
{
	char text[STMT_MAX];
	seed_worker(seed, 0);
	printf("/* sysfuzz -p %d %d: worker 0's calls (run in an empty directory) */\n", seed,
	       ncalls);
	print_prologue("the calls as generated, without running them");
	for (int i = 0; i < ncalls; i++) {
		struct call c = make_call();
		format_call(&c, 0, text, sizeof(text));
		if (text[0])
			printf("\t%s\n", text);
		if (c.nr != C_FORK)
			continue;
		uint64 at = rng; /* the child draws from here; the worker goes on from here too */
		for (int j = 0; j < CHILD_CALLS; j++) {
			struct call k = make_call();
			format_call(&k, 1, text, sizeof(text));
			if (text[0])
				printf("\t\t%s\n", text);
		}
		rng = at;
		printf("\t\texit(0);\n\t}\n\twait(0);\n");
	}
	print_epilogue();
}

int main(int argc, char *argv[])
{
	int a = 1;
	if (argc > a + 1 && strcmp(argv[a], "-x") == 0) {
		ctx.plant = atoi(argv[a + 1]);
		if (ctx.plant < 1 || ctx.plant > PLANT_RULES)
			usage();
		a += 2;
	}
	const char *mode = argc > a && argv[a][0] == '-' ? argv[a++] : "";
	int nargs = argc - a;
	if (nargs < 2)
		usage();
	int seed = atoi(argv[a]), ncalls = atoi(argv[a + 1]);
	int third = nargs > 2 ? atoi(argv[a + 2]) : 3;
	const char *keepfile = nargs > 3 ? argv[a + 3] : 0;
	if (ncalls <= 0)
		usage();
	if (strcmp(mode, "-r") == 0) {
		if (nargs < 3 || nargs > 4 || third < 0 || third > 9)
			usage();
		setup_buffers();
		return replay(seed, ncalls, third, keepfile);
	}
	if (third <= 0 || third > 9)
		usage();
	setup_buffers();
	if (strcmp(mode, "-m") == 0) {
		if (nargs < 3 || nargs > 4)
			usage();
		ctx.print = PRINT_TAGGED;
		return run_workers(seed, ncalls, third,
		                   make_keep(keepfile, ncalls * (1 + CHILD_CALLS), third));
	}
	if (nargs > 3 || (mode[0] && strcmp(mode, "-p") != 0))
		usage();
	if (mode[0]) {
		print_calls(seed, ncalls);
		return 0;
	}
	return run_workers(seed, ncalls, third, 0);
}
