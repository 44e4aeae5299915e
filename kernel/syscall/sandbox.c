/*
 * sandbox.c: interpose's rules (sandbox.h).
 */
#include "syscall/sandbox.h"
#include "syscall/syscall.h"
#include "proc/proc.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "../abi/syscall.h"

#define MASK_BITS 32 /* interpose's mask is an int: calls 1..31 */
#define PATH_CALLS ((1U << SYS_open) | (1U << SYS_exec))
#define NO_PATH "-"

int sandbox_refuses(struct proc *p, uint64 num)
{
	struct proc_watch *w = &p->watch;
	if (num >= MASK_BITS)
		return 0;
	char path[MAXPATH];
	int have_path = -1; /* not fetched yet */
	for (int i = 0; i < w->nrules; i++) {
		const struct sandbox_rule *r = &w->rules[i];
		if (!(r->mask & (1U << num)))
			continue;
		if (!(PATH_CALLS & (1U << num)) || !r->path[0])
			return 1;
		if (have_path < 0)
			have_path = arg_str(0, path, sizeof(path)) >= 0;
		if (!have_path || strcmp(path, r->path) != 0)
			return 1;
	}
	return 0;
}

int sandbox_add(struct proc *p, uint32 mask, const char *path)
{
	struct proc_watch *w = &p->watch;
	if (!mask)
		return 0; /* nothing to restrict */
	/* Without open or exec in the mask the path allows nothing: every such
	 * rule is the same one, and "-" is no path at all. */
	if (!(mask & PATH_CALLS) || strcmp(path, NO_PATH) == 0)
		path = "";
	for (int i = 0; i < w->nrules; i++)
		if (strcmp(w->rules[i].path, path) == 0) {
			w->rules[i].mask |= mask;
			return 0;
		}
	if (w->nrules == SANDBOX_RULES)
		return -E_NOSPC;
	w->rules[w->nrules].mask = mask;
	strlcpy_k(w->rules[w->nrules].path, path, sizeof(w->rules[0].path));
	w->nrules++;
	return 0;
}
