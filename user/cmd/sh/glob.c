/*
 * sh: pathname expansion.  In a pattern, unquoted * matches any run of
 * characters, ? any one, and [...] one of a set ([a-z] ranges, [!...] or
 * [^...] for the complement); every other character, and every quoted one
 * (q[i] set), matches itself.  A name starting with '.' is matched only by
 * a pattern starting with '.'.  Each '/'-separated component is matched
 * against the names in its directory; the matches come out sorted.
 */
#include "sh.h"

#define NMATCH_MAX 1024 /* paths one pattern may expand to */

static int is_magic(const char *pat, const char *q, int i)
{
	return !q[i] && (pat[i] == '*' || pat[i] == '?' || pat[i] == '[');
}

int glob_has_magic(const char *pat, const char *q, int n)
{
	for (int i = 0; i < n; i++)
		if (is_magic(pat, q, i))
			return 1;
	return 0;
}

/*
 * Does [...] at pat[i] (unquoted '[') match c?  Returns the index after
 * the set, or -1 when the set has no closing ']' (then '[' is literal).
 */
static int match_set(const char *pat, const char *q, int i, int n, char c, int *hit)
{
	int j = i + 1, neg = 0, first = 1;

	*hit = 0;
	if (j < n && !q[j] && (pat[j] == '!' || pat[j] == '^')) {
		neg = 1;
		j++;
	}
	for (; j < n; j++, first = 0) {
		if (pat[j] == ']' && !q[j] && !first)
			break;
		if (j + 2 < n && pat[j + 1] == '-' && !q[j + 1] &&
		    !(pat[j + 2] == ']' && !q[j + 2])) {
			if (c >= pat[j] && c <= pat[j + 2])
				*hit = 1;
			j += 2;
		} else if (pat[j] == c) {
			*hit = 1;
		}
	}
	if (j >= n)
		return -1;
	*hit ^= neg;
	return j + 1;
}

/* Does pattern pat[0..n) match all of name?  (Backtracks on '*'.) */
static int match(const char *pat, const char *q, int n, const char *name)
{
	int i = 0, star_i = -1;
	const char *s = name, *star_s = 0;

	while (*s) {
		int hit, next;

		if (i < n && is_magic(pat, q, i) && pat[i] == '*') {
			star_i = ++i;
			star_s = s;
			continue;
		}
		if (i < n && is_magic(pat, q, i) && pat[i] == '?') {
			i++;
			s++;
			continue;
		}
		if (i < n && is_magic(pat, q, i) && pat[i] == '[' &&
		    (next = match_set(pat, q, i, n, *s, &hit)) >= 0) {
			if (hit) {
				i = next;
				s++;
				continue;
			}
		} else if (i < n && pat[i] == *s) {
			i++;
			s++;
			continue;
		}
		if (star_i < 0)
			return 0;
		i = star_i; /* let the last '*' take one more character */
		s = ++star_s;
	}
	while (i < n && is_magic(pat, q, i) && pat[i] == '*')
		i++;
	return i == n;
}

struct matches {
	char *v[NMATCH_MAX];
	int n;
	int overflow;
};

static char path[MAXPATH]; /* the path being built, shared down the recursion */

static void found(struct matches *m)
{
	if (m->n == NMATCH_MAX) {
		m->overflow = 1;
		return;
	}
	int len = strlen(path);
	char *copy = malloc(len + 1);

	if (!copy)
		return;
	memmove(copy, path, len + 1);
	m->v[m->n++] = copy;
}

/* Expands components pat[i..n) below path[0..plen). */
static void walk(const char *pat, const char *q, int i, int n, int plen, int magic_seen,
                 struct matches *m)
{
	int end = i;
	struct stat st;

	while (end < n && pat[end] != '/')
		end++;
	if (!glob_has_magic(pat + i, q + i, end - i)) {
		/* A literal component (or the rest of the pattern): copy it. */
		if (plen + (end - i) + 1 >= MAXPATH)
			return;
		memmove(path + plen, pat + i, end - i);
		plen += end - i;
		if (end < n)
			path[plen++] = '/';
		path[plen] = '\0';
		if (end < n)
			walk(pat, q, end + 1, n, plen, magic_seen, m);
		else if (!magic_seen || lstat(path, &st) == 0)
			found(m);
		return;
	}
	char *names;
	int nnames = dir_names(plen ? path : ".", &names);
	char *name = names;

	if (nnames < 0)
		return;
	for (int k = 0; k < nnames; k++, name += strlen(name) + 1) {
		int len = strlen(name);

		if (name[0] == '.' && !(pat[i] == '.'))
			continue;
		if (!match(pat + i, q + i, end - i, name) || plen + len + 1 >= MAXPATH)
			continue;
		memmove(path + plen, name, len);
		path[plen + len] = '\0';
		if (end < n) {
			if (stat(path, &st) < 0 || st.type != T_DIR)
				continue;
			path[plen + len] = '/';
			path[plen + len + 1] = '\0';
			walk(pat, q, end + 1, n, plen + len + 1, 1, m);
		} else {
			found(m);
		}
	}
	free(names);
	path[plen] = '\0';
}

int glob_expand(const char *pat, const char *q, void (*add)(const char *, void *), void *arg)
{
	static struct matches m;
	int n = strlen(pat), start = 0;

	m.n = 0;
	m.overflow = 0;
	if (n >= MAXPATH || !glob_has_magic(pat, q, n))
		return 0;
	path[0] = '\0';
	if (pat[0] == '/') {
		path[0] = '/';
		path[1] = '\0';
		start = 1;
	}
	walk(pat, q, start, n, start, 0, &m);
	if (m.overflow)
		fprintf(2, "sh: %s: more than %d matches, the rest dropped\n", pat, NMATCH_MAX);
	/* Insertion sort: directories hold tens of names, not thousands. */
	for (int i = 1; i < m.n; i++) {
		char *x = m.v[i];
		int j = i;

		for (; j > 0 && strcmp(m.v[j - 1], x) > 0; j--)
			m.v[j] = m.v[j - 1];
		m.v[j] = x;
	}
	int count = m.n;
	for (int i = 0; i < m.n; i++) {
		add(m.v[i], arg);
		free(m.v[i]);
	}
	m.n = 0;
	return count;
}
