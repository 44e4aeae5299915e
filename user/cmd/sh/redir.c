/*
 * sh: redirections.
 *
 *   N<file  N>file  N>>file  N<&M  N>&M  (M may be '-': close N)  N<<WORD
 *
 * In a child that is about to exec, they are applied for good.  For a
 * builtin or a compound command, which run in the shell itself, the
 * descriptors they replace are first copied aside (save) and put back by
 * redir_restore.  A here-document's text is written into a pipe by a
 * child of its own, so that a body larger than the pipe cannot block.
 */
#include "sh.h"

struct saved_fds {
	int fd;     /* the descriptor redirected */
	int copy;   /* where its old file waits, or -1 if it was closed */
	int writer; /* a here-document writer to wait for, or 0 */
	struct saved_fds *next;
};

#define CLOSE_FD (-3) /* open_target's answer for N>&- */

/* Makes descriptor target refer to fd's file (there is no dup2). */
static int dup_to(int fd, int target)
{
	int extra[NOFILE], n = 0, d;

	if (fd == target)
		return 0;
	close(target);
	while ((d = dup(fd)) >= 0 && d < target)
		extra[n++] = d; /* lower descriptors were free: fill them */
	while (n > 0)
		close(extra[--n]);
	if (d != target) {
		if (d >= 0)
			close(d);
		return -1;
	}
	return 0;
}

static int heredoc_fd(struct redir *r, int *writer)
{
	int p[2];
	char *text = expand_heredoc(r->body, r->body_quoted);

	if (!text)
		return -1;
	if (pipe(p) < 0) {
		fprintf(2, "sh: here-document: %s\n", strerror(errno));
		free(text);
		return -1;
	}
	int pid = fork();
	if (pid < 0) {
		fprintf(2, "sh: here-document: %s\n", strerror(errno));
		close(p[0]);
		close(p[1]);
		free(text);
		return -1;
	}
	if (pid == 0) {
		close(p[0]);
		int len = strlen(text);
		exit(write(p[1], text, len) == len ? 0 : 1);
	}
	*writer = pid;
	close(p[1]);
	free(text);
	return p[0];
}

/* The descriptor number of N<&M / N>&M; -1 for '-', -2 if not a number. */
static int dup_source(const char *w)
{
	if (strcmp(w, "-") == 0)
		return -1;
	if (!isdigit_str(w) || strlen(w) > 2)
		return -2;
	return atoi(w);
}

static int open_target(struct redir *r, int *writer)
{
	if (r->op == R_HEREDOC)
		return heredoc_fd(r, writer);
	char *file = expand_one(r->word);
	int fd;

	if (!file)
		return -1;
	if (r->op == R_DUPIN || r->op == R_DUPOUT) {
		int src = dup_source(file);

		if (src == -2 || src >= NOFILE) {
			fprintf(2, "sh: %s: bad file descriptor\n", file);
			free(file);
			return -1;
		}
		free(file);
		if (src >= 0) {
			fd = dup(src);
			if (fd < 0)
				fprintf(2, "sh: %d: %s\n", src, strerror(errno));
			return fd;
		}
		return CLOSE_FD;
	}
	int mode = r->op == R_IN    ? O_RDONLY
	           : r->op == R_OUT ? O_WRONLY | O_CREATE | O_TRUNC
	                            : O_WRONLY | O_CREATE | O_APPEND;
	fd = open(file, mode);
	if (fd < 0)
		fprintf(2, "sh: %s: %s\n", file, strerror(errno));
	free(file);
	return fd;
}

int redir_apply(struct redir *r, struct saved_fds **save)
{
	for (; r; r = r->next) {
		int writer = 0;

		if (save) {
			/* Aside first: opening the target may reuse a free r->fd. */
			struct saved_fds *s = malloc(sizeof(*s));

			if (!s) {
				fprintf(2, "sh: %s\n", strerror(ENOMEM));
				return -1;
			}
			s->fd = r->fd;
			s->copy = dup(r->fd); /* -1 if it was not open */
			s->writer = 0;
			s->next = *save;
			*save = s;
		}
		int fd = open_target(r, &writer);
		if (save)
			(*save)->writer = writer;
		if (fd == -1)
			return -1;
		if (fd == CLOSE_FD) {
			close(r->fd);
			continue;
		}
		if (dup_to(fd, r->fd) < 0) {
			fprintf(2, "sh: cannot redirect descriptor %d\n", r->fd);
			close(fd);
			return -1;
		}
		if (fd != r->fd)
			close(fd);
	}
	return 0;
}

void redir_restore(struct saved_fds *save)
{
	while (save) {
		struct saved_fds *next = save->next;

		if (save->copy >= 0) {
			dup_to(save->copy, save->fd);
			close(save->copy);
		} else {
			close(save->fd);
		}
		if (save->writer)
			job_wait_pid(save->writer);
		free(save);
		save = next;
	}
}
