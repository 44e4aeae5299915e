/*
 * watch.c: the lifetime of a process's tracing and sandbox state (watch.h).
 */
#include "proc/watch.h"
#include "fs/file.h"
#include "lib/string.h"

void watch_init(struct proc_watch *w)
{
	w->trace_mask = 0;
	w->trace_file = 0;
	w->nrules = 0;
}

void watch_fork(struct proc_watch *child, const struct proc_watch *parent)
{
	child->trace_mask = parent->trace_mask;
	child->trace_file = parent->trace_file ? file_dup(parent->trace_file) : 0;
	child->nrules = parent->nrules;
	memmove(child->rules, parent->rules, sizeof(parent->rules[0]) * parent->nrules);
}

void watch_release(struct proc_watch *w)
{
	if (w->trace_file)
		file_close(w->trace_file);
	w->trace_file = 0;
}
