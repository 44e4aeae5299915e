/*
 * sh: jobs and job control.
 *
 * A job is what one pipeline (or one "cmd &") started: its processes, its
 * process group and its command text.  The foreground job is built in
 * `fgjob` while its pipeline starts and is waited for at once; a
 * background job goes into the table, numbered [N] from 1 up (the lowest
 * free number), and prints "[N] PID".
 *
 * Job control is on in an interactive shell on the console (jobs_init):
 * every job gets a process group of its own (its first process's pid;
 * both the shell and the child call setpgid, so neither can run ahead of
 * the other), and the foreground job gets the console (tcsetpgrp), so
 * Ctrl-C, Ctrl-Z and Ctrl-\ reach it and not the shell, and it alone may
 * read the console (a background reader stops with SIGTTIN).  The shell
 * ignores SIGTSTP, SIGTTIN, SIGTTOU, SIGQUIT and SIGTERM (so that `kill 0`
 * spares it) and catches SIGINT, which ends the command line it runs (a
 * loop of builtins, a `wait`); its children get back the actions the
 * shell started with.  A foreground job killed by SIGINT ends the command
 * line too (a loop around it stops), and so does one that stops.  A
 * foreground job that stops (Ctrl-Z) goes into the table: "[N]+ Stopped
 * cmd"; `fg` gives it the console again and sends SIGCONT, `bg` sends
 * SIGCONT and leaves it in the background; the builtin kill takes %N.  The job that stopped or went
 * to the background last is the current one, "+" in `jobs` (the one before, "-"); `fg` and `bg`
 * take it when no %N is given.
 *
 * Without job control (scripts, sh -c, subshells) everything stays in the
 * shell's own group; a background job ignores SIGINT and SIGQUIT, as POSIX
 * asks.
 *
 * Statuses: waitpid's.  $? is the exit status, or 128 + the signal of a
 * job killed (or stopped) by one.  A foreground job killed by a signal
 * prints the signal's description (strsignal: "Terminated", "Killed",
 * "Segmentation fault", ...), except for SIGINT (the console already
 * showed ^C) and SIGPIPE, as other shells do.  Finished background jobs
 * are reported before the next prompt, found with waitpid(WNOHANG):
 * "[N] Done    cmd", "[N] Exit S  cmd" or "[N] Terminated  cmd".
 */
#include "sh.h"

#define NJOBS 16
#define JOB_TEXT 64  /* the command's text kept for the reports */
#define JOB_PROCS 32 /* processes of one job (a pipeline's elements) */

enum { P_RUNNING, P_STOPPED, P_DONE };

struct job {
	int num;  /* [N]; 0 = a free slot (or the foreground job, not yet numbered) */
	int pgid; /* its process group (0 without job control) */
	int nproc;
	int pid[JOB_PROCS];
	int state[JOB_PROCS];  /* P_* */
	int status[JOB_PROCS]; /* waitpid's */
	int seq;               /* when it last stopped or went to the background: + is the latest */
	int notified;          /* its stop has been reported */
	char text[JOB_TEXT];
};

int job_control;
volatile int sh_interrupted;

static struct job jobs[NJOBS];
static struct job fgjob;
static int job_seq;
static int shell_pgid;
/* The console, on a descriptor of the shell's own (the highest free one),
 * for tcsetpgrp: fd 0 may be redirected while a compound command runs in
 * the shell.  Children close it. */
static int tty_fd = -1;

static int high_dup(int fd)
{
	int got[NOFILE], n = 0, d;

	while (n < NOFILE && (d = dup(fd)) >= 0)
		got[n++] = d;
	for (int i = 0; i < n - 1; i++)
		close(got[i]);
	return n ? got[n - 1] : -1;
}
/* The actions of the signals the shell changes, as it found them: its
 * children get them back. */
static const int job_signals[] = {SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGTTIN, SIGTTOU};
#define NJOBSIGS (int)(sizeof(job_signals) / sizeof(job_signals[0]))
static struct sigaction start_action[NJOBSIGS];
static int changed_signals;

static void on_sigint(int sig)
{
	(void)sig;
	sh_interrupted = 1;
}

void jobs_init(void)
{
	struct sigaction act;
	int fg;

	memset(&act, 0, sizeof(act));
	for (int i = 0; i < NJOBSIGS; i++)
		sigaction(job_signals[i], 0, &start_action[i]);
	changed_signals = 1;
	/* Ctrl-C is for the foreground job; caught (not ignored, and without
	 * SA_RESTART) so that it ends a `wait` or a loop of builtins. */
	act.sa_handler = on_sigint;
	sigaction(SIGINT, &act, 0);
	act.sa_handler = SIG_IGN;
	sigaction(SIGQUIT, &act, 0);
	sigaction(SIGTERM, &act, 0); /* so that kill 0 spares the shell, as in other shells */
	/* Started in the background (sh &): wait until brought to the
	 * foreground, as other shells do. */
	while ((fg = tcgetpgrp(0)) > 0 && fg != getpgrp())
		kill(0, SIGTTIN);
	sigaction(SIGTSTP, &act, 0);
	sigaction(SIGTTIN, &act, 0);
	sigaction(SIGTTOU, &act, 0);
	if (fg < 0 || (tty_fd = high_dup(0)) < 0)
		return; /* not the console: no job control */
	setpgid(0, 0);
	shell_pgid = getpgrp();
	if (tcsetpgrp(tty_fd, shell_pgid) == 0)
		job_control = 1;
}

/* A child: the signal actions the shell started with; a background job
 * without job control also ignores SIGINT and SIGQUIT. */
static void child_signals(int background)
{
	if (changed_signals)
		for (int i = 0; i < NJOBSIGS; i++)
			sigaction(job_signals[i], &start_action[i], 0);
	if (background && !job_control) {
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
	}
}

void jobs_forget(void)
{
	memset(jobs, 0, sizeof(jobs));
	memset(&fgjob, 0, sizeof(fgjob));
	job_control = 0;
	changed_signals = 0;
}

static void set_text(struct job *j, const char *text, int len)
{
	while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\n' || text[len - 1] == '&'))
		len--;
	while (len > 0 && (text[0] == ' ' || text[0] == '\t'))
		text++, len--;
	if (len >= JOB_TEXT)
		len = JOB_TEXT - 1;
	memmove(j->text, text, len);
	j->text[len] = '\0';
}

struct job *fg_begin(const char *text, int len)
{
	memset(&fgjob, 0, sizeof(fgjob));
	set_text(&fgjob, text, len);
	return &fgjob;
}

struct job *fg_job(void)
{
	return &fgjob;
}

int job_fork(struct job *j, int foreground)
{
	int pid = fork();

	if (pid < 0) {
		fprintf(2, "sh: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		if (job_control) {
			setpgid(0, j->pgid);
			if (foreground)
				tcsetpgrp(tty_fd, j->pgid ? j->pgid : getpid());
		}
		if (tty_fd >= 0)
			close(tty_fd);
		tty_fd = -1;
		child_signals(!foreground);
		jobs_forget(); /* a child is not the parent of our jobs */
		return 0;
	}
	if (job_control) {
		if (!j->pgid)
			j->pgid = pid;
		setpgid(pid, j->pgid);
		if (foreground && j->nproc == 0)
			tcsetpgrp(tty_fd, j->pgid);
	}
	if (j->nproc < JOB_PROCS) {
		j->pid[j->nproc] = pid;
		j->state[j->nproc] = P_RUNNING;
		j->status[j->nproc] = 0;
		j->nproc++;
	}
	return pid;
}

/* ------------------------------------------------------------- statuses */

static int running(const struct job *j)
{
	for (int i = 0; i < j->nproc; i++)
		if (j->state[i] == P_RUNNING)
			return 1;
	return 0;
}

static int stopped(const struct job *j)
{
	for (int i = 0; i < j->nproc; i++)
		if (j->state[i] == P_STOPPED)
			return 1;
	return 0;
}

static int done(const struct job *j)
{
	return !running(j) && !stopped(j);
}

/* The waitpid status that speaks for the job: its last process's (or, if
 * it is stopped, that of the last one that stopped). */
static int job_status(const struct job *j)
{
	for (int i = j->nproc - 1; i >= 0; i--)
		if (j->state[i] == P_STOPPED)
			return j->status[i];
	return j->nproc ? j->status[j->nproc - 1] : 0;
}

int status_value(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	if (WIFSTOPPED(st))
		return 128 + WSTOPSIG(st);
	return 0;
}

/* Records what waitpid said about pid in the job that has it. */
static void record(int pid, int st)
{
	for (int k = -1; k < NJOBS; k++) {
		struct job *j = k < 0 ? &fgjob : &jobs[k];

		if (k >= 0 && !j->num)
			continue;
		for (int i = 0; i < j->nproc; i++) {
			if (j->pid[i] != pid)
				continue;
			if (WIFCONTINUED(st)) {
				j->state[i] = P_RUNNING;
			} else {
				j->status[i] = st;
				j->state[i] = WIFSTOPPED(st) ? P_STOPPED : P_DONE;
				if (WIFSTOPPED(st)) {
					j->notified = 0;
					j->seq = ++job_seq;
				}
			}
			return;
		}
	}
}

/* The current (+) and previous (-) jobs: the two latest seq. */
static void current_jobs(struct job **cur, struct job **prev)
{
	*cur = *prev = 0;
	for (int i = 0; i < NJOBS; i++) {
		struct job *j = &jobs[i];

		if (!j->num)
			continue;
		if (!*cur || j->seq > (*cur)->seq) {
			*prev = *cur;
			*cur = j;
		} else if (!*prev || j->seq > (*prev)->seq) {
			*prev = j;
		}
	}
}

static char mark(const struct job *j)
{
	struct job *cur, *prev;

	current_jobs(&cur, &prev);
	return j == cur ? '+' : j == prev ? '-' : ' ';
}

/* "Stopped", "Stopped (tty input)", ...: the stop signal's description. */
static const char *stop_text(const struct job *j)
{
	int st = job_status(j);

	return WIFSTOPPED(st) ? strsignal(WSTOPSIG(st)) : "Stopped";
}

static void report_stop(struct job *j)
{
	fprintf(2, "[%d]%c %s  %s\n", j->num, mark(j), stop_text(j), j->text);
	j->notified = 1;
}

/* "[N] Done    cmd" for a finished job, which leaves the table. */
static void report_done(struct job *j)
{
	int st = job_status(j);

	if (WIFSIGNALED(st))
		fprintf(2, "[%d] %s  %s\n", j->num, strsignal(WTERMSIG(st)), j->text);
	else if (status_value(st) == 0)
		fprintf(2, "[%d] Done    %s\n", j->num, j->text);
	else
		fprintf(2, "[%d] Exit %d  %s\n", j->num, status_value(st), j->text);
	j->num = 0;
}

/* The lowest number not in use, as other shells do; 0 if the table is full. */
static struct job *table_slot(void)
{
	int num = 1;

	for (int again = 1; again;) {
		again = 0;
		for (int i = 0; i < NJOBS; i++)
			if (jobs[i].num == num) {
				num++;
				again = 1;
			}
	}
	for (int i = 0; i < NJOBS; i++)
		if (!jobs[i].num) {
			jobs[i].num = num;
			return &jobs[i];
		}
	return 0;
}

/* ------------------------------------------------------------- waiting */

/* Waits until no process of j runs (all done, or stopped); returns the
 * job's waitpid status.  In the background (`wait`) a Ctrl-C ends it. */
static int wait_job(struct job *j, int foreground)
{
	while (running(j)) {
		int st, pid;

		int i = 0;
		while (j->state[i] != P_RUNNING)
			i++;
		if (job_control) {
			pid = waitpid(-j->pgid, &st, WUNTRACED);
			if (pid < 0 && errno == ECHILD) /* not in the group after all */
				pid = waitpid(j->pid[i], &st, WUNTRACED);
		} else {
			pid = waitpid(j->pid[i], &st, 0);
		}
		if (pid > 0) {
			record(pid, st);
			continue;
		}
		if (errno == EINTR) {
			if (!foreground)
				return W_EXITCODE(128 + SIGINT);
			continue;
		}
		/* Gone without a word (reaped elsewhere): count it as failed. */
		for (int k = 0; k < j->nproc; k++)
			if (j->state[k] == P_RUNNING) {
				j->state[k] = P_DONE;
				j->status[k] = W_EXITCODE(STATUS_MASK);
			}
	}
	return job_status(j);
}

/* After a foreground job: the console back to the shell, and what to say. */
static int fg_finish(struct job *j)
{
	int st = wait_job(j, 1);

	if (job_control)
		tcsetpgrp(tty_fd, shell_pgid);
	if (stopped(j)) {
		struct job *t = j;
		if (j == &fgjob) {
			t = table_slot();
			if (!t) {
				/* Nowhere to keep it: it cannot be stopped for good. */
				fprintf(2, "sh: too many jobs: %s goes on\n", j->text);
				killpg(j->pgid, SIGCONT);
				for (int i = 0; i < j->nproc; i++)
					if (j->state[i] == P_STOPPED)
						j->state[i] = P_RUNNING;
				return fg_finish(j);
			}
			int num = t->num;
			*t = *j;
			t->num = num;
			memset(&fgjob, 0, sizeof(fgjob));
		}
		t->seq = ++job_seq;
		report_stop(t);
		sh_interrupted = 1; /* the rest of the command line waits, too */
		return st;
	}
	if (WIFSIGNALED(st)) {
		int sig = WTERMSIG(st);
		if (sig == SIGINT && job_control)
			sh_interrupted = 1;
		if (sig != SIGINT && sig != SIGPIPE)
			fprintf(2, "%s\n", strsignal(sig));
	}
	if (j != &fgjob)
		j->num = 0; /* fg's job is over: no report */
	else
		memset(&fgjob, 0, sizeof(fgjob));
	return st;
}

int fg_wait(void)
{
	if (fgjob.nproc == 0)
		return 0;
	return status_value(fg_finish(&fgjob));
}

int job_wait_pid(int pid)
{
	int st;

	if (waitpid(pid, &st, 0) < 0)
		return -1;
	return status_value(st);
}

/* ------------------------------------------------------------- background */

void job_background(struct job *j, const char *text, int len)
{
	struct job *t = table_slot();

	if (!t) {
		fprintf(2, "[?] %d (the job table is full: it will not be reported)\n", j->pid[0]);
		return;
	}
	int num = t->num;
	*t = *j;
	t->num = num;
	set_text(t, text, len);
	t->seq = ++job_seq;
	if (j == &fgjob)
		memset(&fgjob, 0, sizeof(fgjob));
	fprintf(2, "[%d] %d\n", t->num, t->pid[0]);
}

void jobs_reap(int announce)
{
	int st, pid, opts = WNOHANG | (job_control ? WUNTRACED | WCONTINUED : 0);
	int any = 0;

	for (int i = 0; i < NJOBS; i++)
		any |= jobs[i].num != 0;
	if (!any)
		return;
	while ((pid = waitpid(-1, &st, opts)) > 0)
		record(pid, st);
	if (!announce)
		return;
	for (int i = 0; i < NJOBS; i++) {
		struct job *j = &jobs[i];

		if (j->num && done(j))
			report_done(j);
		else if (j->num && !running(j) && !j->notified)
			report_stop(j);
	}
}

int jobs_print(int argc, char **argv)
{
	int pids = 0, only_pids = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-l") == 0)
			pids = 1;
		else if (strcmp(argv[i], "-p") == 0)
			only_pids = 1;
		else {
			fprintf(2, "usage: jobs [-l | -p]\n");
			return STATUS_SYNTAX;
		}
	}
	jobs_reap(0);
	for (int num = 1, left = NJOBS; left > 0 && num <= 4 * NJOBS; num++) {
		for (int i = 0; i < NJOBS; i++) {
			struct job *j = &jobs[i];
			char pidbuf[16] = "";

			if (j->num != num)
				continue;
			left--;
			if (only_pids) {
				printf("%d\n", j->pgid ? j->pgid : j->pid[0]);
				continue;
			}
			if (pids)
				snprintf(pidbuf, sizeof(pidbuf), " %d", j->pid[0]);
			if (done(j)) {
				report_done(j);
				continue;
			}
			printf("[%d]%c%s %s  %s\n", j->num, mark(j), pidbuf,
			       running(j) ? "Running" : stop_text(j), j->text);
			if (!running(j))
				j->notified = 1;
		}
	}
	return 0;
}

/* %N, N, %%, %+ (the current job), %- (the one before); 0 if none. */
static struct job *find_job(const char *name, const char *who)
{
	struct job *cur, *prev;

	current_jobs(&cur, &prev);
	if (!name || strcmp(name, "%%") == 0 || strcmp(name, "%+") == 0 || strcmp(name, "%") == 0) {
		if (!cur)
			fprintf(2, "sh: %s: no current job\n", who);
		return cur;
	}
	if (strcmp(name, "%-") == 0) {
		if (!prev)
			fprintf(2, "sh: %s: no previous job\n", who);
		return prev;
	}
	const char *n = name[0] == '%' ? name + 1 : name;
	if (isdigit_str(n))
		for (int i = 0; i < NJOBS; i++)
			if (jobs[i].num && jobs[i].num == atoi(n))
				return &jobs[i];
	fprintf(2, "sh: %s: %s: no such job\n", who, name);
	return 0;
}

static void continue_job(struct job *j)
{
	for (int i = 0; i < j->nproc; i++)
		if (j->state[i] == P_STOPPED)
			j->state[i] = P_RUNNING;
	j->notified = 0;
	killpg(j->pgid, SIGCONT);
}

int job_fg(int argc, char **argv)
{
	if (argc > 2) {
		fprintf(2, "usage: fg [%%N]\n");
		return STATUS_SYNTAX;
	}
	if (!job_control) {
		fprintf(2, "sh: fg: no job control\n");
		return STATUS_FALSE;
	}
	jobs_reap(0);
	struct job *j = find_job(argc == 2 ? argv[1] : 0, "fg");
	if (!j)
		return STATUS_FALSE;
	if (done(j)) {
		report_done(j);
		return STATUS_FALSE;
	}
	printf("%s\n", j->text);
	tcsetpgrp(tty_fd, j->pgid);
	continue_job(j);
	return status_value(fg_finish(j));
}

int job_bg(int argc, char **argv)
{
	int status = 0;

	if (!job_control) {
		fprintf(2, "sh: bg: no job control\n");
		return STATUS_FALSE;
	}
	jobs_reap(0);
	for (int a = 1; a < argc || a == 1; a++) {
		struct job *j = find_job(a < argc ? argv[a] : 0, "bg");
		if (!j) {
			status = STATUS_FALSE;
		} else if (running(j)) {
			fprintf(2, "sh: bg: job %d already in background\n", j->num);
		} else if (!done(j)) {
			continue_job(j);
			j->seq = ++job_seq;
			printf("[%d]%c %s &\n", j->num, mark(j), j->text);
		}
		if (argc == 1)
			break;
	}
	return status;
}

int jobs_wait(int num)
{
	int st = 0, found = 0;

	for (int i = 0; i < NJOBS; i++) {
		struct job *j = &jobs[i];

		if (!j->num || (num && j->num != num) || (!num && !running(j)))
			continue;
		found = 1;
		st = wait_job(j, 0);
		if (sh_interrupted)
			return 128 + SIGINT;
		if (done(j))
			j->num = 0; /* waited for: no report */
	}
	if (num && !found) {
		fprintf(2, "sh: wait: %%%d: no such job\n", num);
		return STATUS_MASK;
	}
	return status_value(st);
}

/* For the builtin kill: %N is the job's group (its pid without job
 * control).  A stopped job that is sent a signal that ends it also gets
 * SIGCONT afterwards, so that it can act on it, as other shells do. */
static struct job *kill_stopped[NJOBS];
static int nkill_stopped;

static int job_pid(const char *spec, int sig, int *pid)
{
	struct job *j = find_job(spec, "kill");

	if (!j)
		return -1;
	*pid = j->pgid ? -j->pgid : j->pid[0];
	if (j->pgid && stopped(j) && sig != SIGCONT && sig != SIGSTOP && sig != SIGTSTP &&
	    sig != SIGTTIN && sig != SIGTTOU && sig != 0 && nkill_stopped < NJOBS)
		kill_stopped[nkill_stopped++] = j;
	return 0;
}

int job_kill(int argc, char **argv)
{
	nkill_stopped = 0;
	int status = kill_command(argc, argv, job_pid);
	for (int i = 0; i < nkill_stopped; i++)
		continue_job(kill_stopped[i]);
	return status;
}
