/*
 * step.c: one call made for real.  step() skips a call the keep list
 * leaves out, prints the record of one it makes (-r: the C statement,
 * indented one more level in a forked child; -m: "@fz W ID TEXT", one
 * write per line so that the workers' lines do not mix), makes it, and
 * then does what a planted rule (-x) adds to it.
 *
 * The calls that could stop the test itself are left out or tamed: no
 * halt, no kill of other processes, exec only with bad arguments, no read
 * from the console, pipes whose write end is closed at once (so nothing
 * blocks), device nodes only with unknown majors.  A worker's fork makes a
 * child that makes CHILD_CALLS calls of its own (drawn from the stream as
 * it was at the fork) and exits; the worker waits for it.  Children do not
 * fork again.
 *
 * Planted failures (-x RULE), to test the reproducer's machinery on a
 * failure of known shape; the statement printed for the call carries the
 * same check, so the reproducer fails the same way:
 *   1  worker 1's mkdir leaves the file PLANT_MARK; a fsync of worker 2
 *      that finds it prints the failure: only the interleavings where
 *      worker 2's call comes after worker 1's fail;
 *   2  any call made by a forked child prints the failure.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/vm.h"
#include "user/user.h"
#include "user/kite.h"
#include "sysfuzz.h"

struct runctx ctx = {0, 0, PRINT_NONE, 0, 0, -1};

int call_id(int idx)
{
	return ctx.fork_at < 0 ? idx : ctx.ncalls + ctx.fork_at * CHILD_CALLS + idx;
}

#define RACE_MSG "sysfuzz: PLANTED failure: worker 2's fsync after worker 1's mkdir"
#define CHILD_MSG "sysfuzz: PLANTED failure: a call in a forked child"
enum { PLANT_NONE, PLANT_SET_MARK, PLANT_SEE_MARK, PLANT_IN_CHILD };
static const char *const plant_stmt[] = {
    "",
    " close(open(\"" PLANT_MARK "\", O_CREATE | O_RDWR));",
    " { int m = open(\"" PLANT_MARK "\", O_RDONLY); if (m >= 0) { close(m); printf(\"" RACE_MSG
    "\\n\"); } }",
    " printf(\"" CHILD_MSG "\\n\");",
};

/* The planted action that follows call c in this process, by ctx.plant. */
static int plant_of(const struct call *c)
{
	int child = ctx.fork_at >= 0;
	if (ctx.plant == 1 && !child && ctx.worker == 1 && c->nr == C_MKDIR)
		return PLANT_SET_MARK;
	if (ctx.plant == 1 && !child && ctx.worker == 2 && c->nr == C_FSYNC)
		return PLANT_SEE_MARK;
	if (ctx.plant == 2 && child)
		return PLANT_IN_CHILD;
	return PLANT_NONE;
}

/* What plant_stmt[k] says, done. */
static void plant_run(int k)
{
	int m;
	switch (k) {
	case PLANT_SET_MARK:
		close(open(PLANT_MARK, O_CREATE | O_RDWR));
		break;
	case PLANT_SEE_MARK:
		m = open(PLANT_MARK, O_RDONLY);
		if (m >= 0) {
			close(m);
			printf(RACE_MSG "\n");
		}
		break;
	case PLANT_IN_CHILD:
		printf(CHILD_MSG "\n");
		break;
	}
}

static void do_call(const struct call *c, int idx);

static void run_child(void)
{
	for (int j = 0; j < CHILD_CALLS; j++) {
		struct call c = make_call();
		step(&c, j);
	}
	exit(0);
}

static void do_call(const struct call *c, int idx)
{
	int fd = c->a, r;
	int child = ctx.fork_at >= 0;
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
		if (child)
			break;
		r = fork();
		if (r == 0) {
			ctx.fork_at = idx;
			run_child();
		}
		if (r > 0)
			wait(0);
		if (ctx.print == PRINT_PLAIN) /* the child's statements are printed */
			printf("\t\texit(0);\n\t}\n\twait(0);\n");
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
		if (!child)
			wait(ptr_value(c->a));
		break;
	case C_UPTIME:
		uptime();
		getpid();
		break;
	}
}

void step(const struct call *c, int idx)
{
	if (ctx.keep && !ctx.keep[call_id(idx)])
		return;
	int child = ctx.fork_at >= 0, plant = plant_of(c);
	char text[STMT_MAX];
	format_call(c, child, text, sizeof(text));
	if (plant != PLANT_NONE) {
		int len = strlen(text);
		snprintf(text + len, sizeof(text) - len, "%s", plant_stmt[plant]);
	}
	if (ctx.print == PRINT_PLAIN && text[0])
		printf("%s\t%s\n", child ? "\t" : "", text);
	else if (ctx.print == PRINT_TAGGED && child)
		printf("@fz %d %d.%d %s\n", ctx.worker, ctx.fork_at, idx, text);
	else if (ctx.print == PRINT_TAGGED)
		printf("@fz %d %d %s\n", ctx.worker, idx, text);
	do_call(c, idx);
	plant_run(plant);
}
