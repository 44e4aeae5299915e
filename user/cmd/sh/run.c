/*
 * sh: running a parsed line: fork, exec, pipes, redirections, the builtins
 * cd and exit, foreground pipelines and background jobs.
 */
#include "sh.h"

int last_status;
static int in_background; /* this process runs a background job */

static void run_list(struct pipeline *p);

/* Makes fd become descriptor `target` (the lowest free one after the close). */
static void move_fd(int fd, int target)
{
	if (fd == target)
		return;
	close(target);
	if (dup(fd) != target)
		fprintf(2, "sh: cannot redirect descriptor %d\n", target);
	close(fd);
}

static void redirect(struct cmd *c)
{
	for (int i = 0; i < c->nredir; i++) {
		struct redir *r = &c->redir[i];
		int fd, target = r->kind == TK_IN ? 0 : 1;

		if (r->kind == TK_IN)
			fd = open(r->file, O_RDONLY);
		else if (r->kind == TK_OUT)
			fd = open(r->file, O_WRONLY | O_CREATE | O_TRUNC);
		else
			fd = open(r->file, O_WRONLY | O_CREATE | O_APPEND);
		if (fd < 0) {
			fprintf(2, "sh: %s: cannot open\n", r->file);
			exit(1);
		}
		move_fd(fd, target);
	}
}

static int is_builtin(struct cmd *c)
{
	return c->sub == 0 && c->argc > 0 &&
	       (strcmp(c->argv[0], "cd") == 0 || strcmp(c->argv[0], "exit") == 0);
}

/* Runs cd or exit in this process; returns the status. */
static int run_builtin(struct cmd *c)
{
	if (strcmp(c->argv[0], "exit") == 0) {
		if (interactive)
			consmode(CONS_COOKED);
		exit(c->argc > 1 ? atoi(c->argv[1]) : last_status);
	}
	const char *dir = c->argc > 1 ? c->argv[1] : "/";

	if (c->argc > 2) {
		fprintf(2, "sh: cd: too many arguments\n");
		return 1;
	}
	if (chdir(dir) < 0) {
		fprintf(2, "sh: cd: %s: cannot change directory\n", dir);
		return 1;
	}
	return 0;
}

/* In a forked child: set up, then become the command.  Never returns. */
static void exec_cmd(struct cmd *c)
{
	char path[MAXPATH];

	/* Ctrl-C spares background jobs; ignintr is cleared by every fork. */
	if (in_background)
		ignintr(1);
	redirect(c);
	if (c->sub) {
		run_list(c->sub);
		exit(last_status);
	}
	if (c->argc == 0)
		exit(0);
	if (is_builtin(c))
		exit(run_builtin(c));
	/* A bare name is looked up in / (where the programs are), then here. */
	if (strchr(c->argv[0], '/') == 0 && path_join(path, sizeof(path), "/", c->argv[0]) == 0)
		exec(path, c->argv);
	exec(c->argv[0], c->argv);
	fprintf(2, "sh: %s: not found\n", c->argv[0]);
	exit(STATUS_NOTFOUND);
}

/* Runs a pipeline in the foreground; returns its last command's status. */
static int run_pipeline(struct pipeline *p)
{
	static int pids[NCMDS]; /* only used between fork and wait, never nested */
	int n = 0, in = -1, status = 1, lastpid = -1, failed = 0;
	struct cmd *c;

	if (p->ncmds == 1 && is_builtin(p->first))
		return run_builtin(p->first);

	for (c = p->first; c; c = c->next) {
		int fds[2] = { -1, -1 }, pid;

		if (c->next && pipe(fds) < 0) {
			fprintf(2, "sh: pipe failed\n");
			failed = 1;
			break;
		}
		pid = fork();
		if (pid < 0) {
			fprintf(2, "sh: fork failed\n");
			if (c->next) {
				close(fds[0]);
				close(fds[1]);
			}
			failed = 1;
			break;
		}
		if (pid == 0) {
			forget_jobs();
			if (in >= 0)
				move_fd(in, 0);
			if (c->next) {
				close(fds[0]);
				move_fd(fds[1], 1);
			}
			exec_cmd(c);
		}
		if (in >= 0)
			close(in);
		in = c->next ? fds[0] : -1;
		if (c->next)
			close(fds[1]);
		pids[n++] = pid;
		lastpid = pid;
	}
	if (in >= 0)
		close(in);

	/* wait() may also return finished background jobs: note those. */
	for (int left = n; left > 0;) {
		int st, pid = wait(&st), mine = 0;

		if (pid < 0)
			break;
		for (int i = 0; i < n; i++)
			mine |= pids[i] == pid;
		if (!mine) {
			job_exited(pid);
			continue;
		}
		left--;
		if (pid == lastpid)
			status = st;
	}
	return failed ? 1 : status;
}

static void run_background(struct pipeline *p)
{
	int pid = fork();

	if (pid < 0) {
		fprintf(2, "sh: fork failed\n");
		last_status = 1;
		return;
	}
	if (pid == 0) {
		forget_jobs();
		in_background = 1;
		ignintr(1);
		if (p->ncmds == 1)
			exec_cmd(p->first); /* the job's pid is the program's */
		exit(run_pipeline(p));
	}
	fprintf(2, "[%d]\n", pid);
	job_started(pid);
	last_status = 0;
}

static void run_list(struct pipeline *p)
{
	for (; p; p = p->next) {
		if (p->bg)
			run_background(p);
		else
			last_status = run_pipeline(p);
	}
}

void run_line(const char *line)
{
	struct pipeline *list;

	if (strlen(line) >= LINEMAX) {
		fprintf(2, "sh: line too long\n");
		last_status = 1;
		return;
	}
	if (parse_line(line, &list) < 0) {
		last_status = STATUS_SYNTAX;
		return;
	}
	run_list(list);
}
