/*
 * sh: running the tree.
 *
 * A simple command that names a builtin runs in the shell (its
 * redirections saved and put back); any other runs in a child.  Compound
 * commands ({ }, if, while, until, for) run in the shell too; ( ) and
 * every element of a pipeline run in children.  $? is the status of the
 * last pipeline.  Each pipeline is a job (jobs.c): its children are forked
 * with job_fork, and waited for with fg_wait.
 */
#include "sh.h"

int last_status;
int loop_break, loop_continue, loop_depth;
static struct node *cur_list; /* the and-or list running now: a job's text */

static int run_and_or(struct node *n);

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

/* After a loop's body: does the loop end here?  (break N, or continue N
 * with N > 1, which continues an outer loop.) */
static int loop_stops(void)
{
	if (sh_interrupted)
		return 1;
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
			if (loop_break || loop_continue || sh_interrupted ||
			    (last_status == 0) != (n->kind == N_WHILE))
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
	int pid = child ? 0 : job_fork(fg_job(), 1);
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
	return fg_wait();
}

/* One pipeline element, in this process; child: we are a forked child. */
static int run_element(struct node *n, int child)
{
	if (n->kind == N_CMD)
		return run_simple(n, child);
	if (n->kind == N_SUB && !child) {
		int pid = job_fork(fg_job(), 1);

		if (pid < 0)
			return STATUS_FALSE;
		if (pid == 0)
			exit(run_element(n, 1));
		return fg_wait();
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

/* Appends s to buf (of size) at *len, cut short if it does not fit. */
static void add_text(char *buf, int size, int *len, const char *s)
{
	while (*s && *len < size - 1)
		buf[(*len)++] = *s++;
	buf[*len] = '\0';
}

/* What the jobs' reports call pipeline n: its words, or the source text
 * of the and-or list around it when an element is not a simple command. */
static void start_job(struct node *n)
{
	static char text[96];
	int len = 0;
	struct node *p = n;

	text[0] = '\0';
	for (; p->kind == N_PIPE; p = p->left)
		if (p->right->kind != N_CMD)
			break;
	if (p->kind != N_CMD) {
		const char *src = cur_list ? lex_text(cur_list->start) : "";
		fg_begin(src, cur_list ? cur_list->end - cur_list->start : 0);
		return;
	}
	/* The tree leans left: the words of the leftmost command first. */
	struct node *elems[NPIPE_ELEMS];
	int count = 0;
	for (p = n; p->kind == N_PIPE && count < NPIPE_ELEMS - 1; p = p->left)
		elems[count++] = p->right;
	elems[count++] = p;
	while (count-- > 0) {
		for (int w = 0; w < elems[count]->nwords; w++) {
			if (w > 0)
				add_text(text, sizeof(text), &len, " ");
			add_text(text, sizeof(text), &len, elems[count]->words[w]);
		}
		if (count > 0)
			add_text(text, sizeof(text), &len, " | ");
	}
	fg_begin(text, len);
}

/* a | b | c: every element in a child, connected by pipes. */
static int run_pipeline(struct node *n)
{
	static struct node *elem[NPIPE_ELEMS];
	int count = 0, in = -1, started = 0, status = STATUS_FALSE;

	start_job(n);
	if (n->kind != N_PIPE)
		return run_element(n, 0);
	/* The tree leans left: ((a | b) | c). */
	for (struct node *p = n;; p = p->left) {
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
		int fds[2] = {-1, -1};

		if (i > 0 && pipe(fds) < 0) {
			fprintf(2, "sh: pipe: %s\n", strerror(errno));
			break;
		}
		int pid = job_fork(fg_job(), 1);
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
		started++;
	}
	if (in >= 0)
		close(in);
	int st = fg_wait();
	if (started == count)
		status = st;
	return status;
}

static int run_and_or(struct node *n)
{
	if (n->kind == N_AND || n->kind == N_OR) {
		int st = run_and_or(n->left);

		last_status = st;
		if (loop_break || loop_continue || sh_interrupted)
			return st;
		if ((st == 0) == (n->kind == N_AND))
			st = run_and_or(n->right);
		return st;
	}
	return run_pipeline(n);
}

static void run_background(struct node *n)
{
	struct job *j = fg_begin("", 0); /* built here, then it goes into the table */
	int pid = job_fork(j, 0);

	if (pid < 0) {
		last_status = STATUS_FALSE;
		return;
	}
	if (pid == 0) {
		if (n->kind == N_CMD && n->nwords > 0 && !assignment(n->words[0]))
			exit(run_simple(n, 1)); /* the job's pid is the program's */
		exit(run_and_or(n));
	}
	job_background(j, lex_text(n->start), n->end - n->start);
	last_status = 0;
}

void run_list(struct node *n)
{
	for (; n && !loop_break && !loop_continue && !sh_interrupted; n = n->next) {
		cur_list = n;
		if (n->bg)
			run_background(n);
		else
			last_status = run_and_or(n);
	}
}
