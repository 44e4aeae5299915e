/*
 * sh: background jobs.  "cmd &" prints "[N] PID"; when the job has
 * finished, the next prompt reports "[N] Done  cmd" (or "Exit S" for a
 * non-zero status), and `jobs` lists the ones still known.
 *
 * The kernel has no non-blocking wait yet, so jobs_reap looks in the
 * process table for children of ours that are zombies: each of those can
 * be waited for without blocking.
 */
#include "sh.h"

#define NJOBS 16
#define JOB_TEXT 48 /* the command's text kept for the reports */

struct job {
	int num; /* [N]; 0 = free slot */
	int pid;
	int done, status;
	char text[JOB_TEXT];
};

static struct job jobs[NJOBS];

void jobs_forget(void)
{
	memset(jobs, 0, sizeof(jobs));
}

void job_add(int pid, const char *text, int len)
{
	int num = 1;

	/* The lowest number not in use, as other shells do. */
	for (int again = 1; again;) {
		again = 0;
		for (int i = 0; i < NJOBS; i++)
			if (jobs[i].num == num) {
				num++;
				again = 1;
			}
	}
	for (int i = 0; i < NJOBS; i++) {
		struct job *j = &jobs[i];

		if (j->num)
			continue;
		j->num = num;
		j->pid = pid;
		j->done = 0;
		while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\n'))
			len--;
		if (len >= JOB_TEXT)
			len = JOB_TEXT - 1;
		memmove(j->text, text, len);
		j->text[len] = '\0';
		fprintf(2, "[%d] %d\n", num, pid);
		return;
	}
	fprintf(2, "[?] %d (the job table is full: it will not be reported)\n", pid);
}

void job_exited(int pid, int status)
{
	for (int i = 0; i < NJOBS; i++)
		if (jobs[i].num && jobs[i].pid == pid) {
			jobs[i].done = 1;
			jobs[i].status = status;
		}
}

static void report(struct job *j)
{
	if (j->status == 0)
		fprintf(2, "[%d] Done    %s\n", j->num, j->text);
	else
		fprintf(2, "[%d] Exit %d  %s\n", j->num, j->status & STATUS_MASK, j->text);
	j->num = 0;
}

void jobs_reap(int announce)
{
	static struct procinfo pi[NPROC];
	int n, me, zombies = 0, any = 0;

	for (int i = 0; i < NJOBS; i++)
		any |= jobs[i].num != 0;
	if (!any)
		return;
	n = procinfo(pi, NPROC);
	me = getpid();
	for (int i = 0; i < n; i++)
		if (pi[i].ppid == me && pi[i].state == PS_ZOMBIE)
			zombies++;
	while (zombies-- > 0) {
		int st, pid = wait(&st);

		if (pid < 0)
			break;
		job_exited(pid, st);
	}
	if (!announce)
		return;
	for (int i = 0; i < NJOBS; i++)
		if (jobs[i].num && jobs[i].done)
			report(&jobs[i]);
}

int jobs_print(void)
{
	jobs_reap(0);
	for (int i = 0; i < NJOBS; i++) {
		struct job *j = &jobs[i];

		if (!j->num)
			continue;
		if (j->done)
			report(j);
		else
			printf("[%d] Running  %s\n", j->num, j->text);
	}
	return 0;
}

int job_wait_pid(int pid)
{
	for (;;) {
		int st, got = wait(&st);

		if (got < 0)
			return -1;
		if (got == pid)
			return st;
		job_exited(got, st);
	}
}

int jobs_wait(int num)
{
	int status = 0, found = 0;

	for (int i = 0; i < NJOBS; i++) {
		struct job *j = &jobs[i];

		if (!j->num || (num && j->num != num))
			continue;
		found = 1;
		if (!j->done) {
			j->status = job_wait_pid(j->pid);
			j->done = 1;
		}
		status = j->status;
		j->num = 0; /* waited for: no report */
	}
	if (num && !found) {
		fprintf(2, "sh: wait: %%%d: no such job\n", num);
		return STATUS_MASK;
	}
	return status & STATUS_MASK;
}
