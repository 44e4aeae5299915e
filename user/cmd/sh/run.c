/*
 * sh: running the tree.
 *
 * A simple command that names a builtin runs in the shell (its
 * redirections saved and put back); any other runs in a child.  Compound
 * commands ({ }, if, while, until, for) run in the shell too; ( ) and
 * every element of a pipeline run in children.  $? is the status of the
 * last pipeline.
 */
#include "sh.h"

int last_status;
int loop_break, loop_continue, loop_depth;
static int in_background; /* this process runs a background job */

static int run_and_or(struct node *n);

int sh_fork(void)
{
	int pid = fork();

	if (pid < 0)
		fprintf(2, "sh: fork: %s\n", strerror(errno));
	if (pid == 0) {
		jobs_forget(); /* a child is not the parent of our jobs */
		if (in_background)
			ignintr(1); /* Ctrl-C spares background jobs (ignintr is not inherited) */
	}
	return pid;
}

/* Is word an assignment NAME=...?  The length of NAME, or 0. */
static int assignment(const char *w)
{
	const char *eq = strchr(w, '=');

	return eq && is_name(w, eq - w) ? eq - w : 0;
}

/*
 * NAME=value words at the start of a command: set them in this shell, and
 * export them too if export is set (a child about to exec its command).
 */
static int assign(char **words, int n, int export)
{
	for (int i = 0; i < n; i++) {
		char name[NAMEMAX + 1];
		int len = assignment(words[i]);
		char *value = expand_flat(words[i] + len + 1);

		if (!value)
			return -1;
		memmove(name, words[i], len);
		name[len] = '\0';
		int err = var_set(name, value);
		free(value);
		if (err < 0)
			return -1;
		if (export)
			var_export(name);
	}
	return 0;
}

/* In a child: exec argv[0], looked up in / first when it is a bare name. */
static void exec_program(char **argv)
{
	char path[MAXPATH];
	int err = ENOENT;

	if (strchr(argv[0], '/') == 0 && path_join(path, sizeof(path), "/", argv[0]) == 0) {
		exec(path, argv);
		err = errno;
	}
	exec(argv[0], argv);
	if (err == ENOENT)
		err = errno;
	if (err == ENOENT) {
		fprintf(2, "sh: %s: not found\n", argv[0]);
		exit(STATUS_NOTFOUND);
	}
	fprintf(2, "sh: %s: %s\n", argv[0], strerror(err));
	exit(STATUS_NOEXEC);
}

static int wait_for(int pid)
{
	int st = job_wait_pid(pid);

	return st < 0 ? STATUS_MASK : st & STATUS_MASK;
}

/* After a loop's body: does the loop end here?  (break N, or continue N
 * with N > 1, which continues an outer loop.) */
static int loop_stops(void)
{
	if (loop_continue) {
		loop_continue--;
		return loop_continue != 0;
	}
	return loop_break != 0;
}

/* Runs a compound command's body in this process; its status. */
static int run_compound(struct node *n)
{
	int status = 0;

	switch (n->kind) {
	case N_GROUP:
		run_list(n->body);
		return last_status;
	case N_IF:
		run_list(n->cond);
		if (loop_break || loop_continue)
			return last_status;
		if (last_status == 0) {
			run_list(n->body);
			return last_status;
		}
		if (n->alt) {
			if (n->alt->kind == N_IF)
				return run_compound(n->alt);
			run_list(n->alt);
			return last_status;
		}
		return 0;
	case N_WHILE:
	case N_UNTIL:
		loop_depth++;
		for (;;) {
			run_list(n->cond);
			if (loop_break || loop_continue || (last_status == 0) != (n->kind == N_WHILE))
				break;
			run_list(n->body);
			status = last_status;
			if (loop_stops())
				break;
		}
		if (loop_break)
			loop_break--;
		loop_depth--;
		return status;
	case N_FOR: {
		int nf;
		char **list;

		if (n->for_in) {
			list = expand_words(n->words + 1, n->nwords - 1, &nf);
		} else {
			char *all = "\"$@\"";
			list = expand_words(&all, 1, &nf);
		}
		if (!list)
			return STATUS_FALSE;
		loop_depth++;
		for (int i = 0; i < nf; i++) {
			if (var_set(n->words[0], list[i]) < 0)
				break;
			run_list(n->body);
			status = last_status;
			if (loop_stops())
				break;
		}
		if (loop_break)
			loop_break--;
		loop_depth--;
		free(list);
		return status;
	}
	}
	return 0;
}

/* A simple command in this process (the shell) or in a child (child set). */
static int run_simple(struct node *n, int child)
{
	int nassign = 0, argc, status;
	char **argv;
	struct saved_fds *save = 0;

	while (nassign < n->nwords && assignment(n->words[nassign]))
		nassign++;
	argv = expand_words(n->words + nassign, n->nwords - nassign, &argc);
	if (!argv)
		return STATUS_FALSE;
	if (argc == 0) {
		/* Only assignments and redirections: both happen here. */
		status = assign(n->words, nassign, 0) < 0 ? STATUS_FALSE : 0;
		if (redir_apply(n->redirs, child ? 0 : &save) < 0)
			status = STATUS_FALSE;
		redir_restore(save);
		free(argv);
		return status;
	}
	builtin_fn b = builtin_find(argv[0]);
	if (b) {
		if (redir_apply(n->redirs, child ? 0 : &save) < 0)
			status = STATUS_FALSE;
		else
			status = b(argc, argv);
		redir_restore(save);
		free(argv);
		return status;
	}
	int pid = child ? 0 : sh_fork();
	if (pid < 0) {
		free(argv);
		return STATUS_FALSE;
	}
	if (pid == 0) {
		/* Assignments before a command are for it alone: set and
		 * exported here, in the child, they reach its environment. */
		if (assign(n->words, nassign, 1) < 0 || redir_apply(n->redirs, 0) < 0)
			exit(STATUS_FALSE);
		exec_program(argv);
	}
	free(argv);
	return wait_for(pid);
}

/* One pipeline element, in this process; child: we are a forked child. */
static int run_element(struct node *n, int child)
{
	if (n->kind == N_CMD)
		return run_simple(n, child);
	if (n->kind == N_SUB && !child) {
		int pid = sh_fork();

		if (pid < 0)
			return STATUS_FALSE;
		if (pid == 0)
			exit(run_element(n, 1));
		return wait_for(pid);
	}
	struct saved_fds *save = 0;
	int status;

	if (redir_apply(n->redirs, child ? 0 : &save) < 0)
		status = STATUS_FALSE;
	else
		status = n->kind == N_SUB ? (run_list(n->body), last_status) : run_compound(n);
	redir_restore(save);
	return status;
}

#define NPIPE_ELEMS 32

/* a | b | c: every element in a child, connected by pipes. */
static int run_pipeline(struct node *n)
{
	static struct node *elem[NPIPE_ELEMS];
	int pids[NPIPE_ELEMS];
	int count = 0, in = -1, started = 0, status = STATUS_FALSE;

	if (n->kind != N_PIPE)
		return run_element(n, 0);
	/* The tree leans left: ((a | b) | c). */
	for (struct node *p = n; ; p = p->left) {
		if (count == NPIPE_ELEMS) {
			fprintf(2, "sh: pipeline too long\n");
			return STATUS_FALSE;
		}
		if (p->kind != N_PIPE) {
			elem[count++] = p;
			break;
		}
		elem[count++] = p->right;
	}
	for (int i = count - 1; i >= 0; i--) {
		struct node *e = elem[i];
		int fds[2] = { -1, -1 };

		if (i > 0 && pipe(fds) < 0) {
			fprintf(2, "sh: pipe: %s\n", strerror(errno));
			break;
		}
		int pid = sh_fork();
		if (pid < 0) {
			if (i > 0) {
				close(fds[0]);
				close(fds[1]);
			}
			break;
		}
		if (pid == 0) {
			if (in >= 0) {
				close(0);
				dup(in);
				close(in);
			}
			if (i > 0) {
				close(fds[0]);
				close(1);
				dup(fds[1]);
				close(fds[1]);
			}
			exit(run_element(e, 1));
		}
		if (in >= 0)
			close(in);
		in = i > 0 ? fds[0] : -1;
		if (i > 0)
			close(fds[1]);
		pids[started++] = pid;
	}
	if (in >= 0)
		close(in);
	for (int i = 0; i < started; i++) {
		int st = wait_for(pids[i]);

		if (i == started - 1 && started == count)
			status = st;
	}
	return status;
}

static int run_and_or(struct node *n)
{
	if (n->kind == N_AND || n->kind == N_OR) {
		int st = run_and_or(n->left);

		last_status = st;
		if (loop_break || loop_continue)
			return st;
		if ((st == 0) == (n->kind == N_AND))
			st = run_and_or(n->right);
		return st;
	}
	return run_pipeline(n);
}

static void run_background(struct node *n)
{
	int pid = sh_fork();

	if (pid < 0) {
		last_status = STATUS_FALSE;
		return;
	}
	if (pid == 0) {
		in_background = 1;
		ignintr(1);
		if (n->kind == N_CMD && n->nwords > 0 && !assignment(n->words[0]))
			exit(run_simple(n, 1)); /* the job's pid is the program's */
		exit(run_and_or(n));
	}
	job_add(pid, lex_text(n->start), n->end - n->start);
	last_status = 0;
}

void run_list(struct node *n)
{
	for (; n && !loop_break && !loop_continue; n = n->next) {
		if (n->bg)
			run_background(n);
		else
			last_status = run_and_or(n);
	}
}
