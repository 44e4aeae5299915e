/*
 * match.c: the two pattern languages of the utilities.
 *
 * Regular expressions (grep): '.' any character, 'c*' zero or more of the
 * preceding item, '^' at the start anchors to the beginning of the line,
 * '$' at the end anchors to its end, and '\' makes the next character
 * literal.  The pattern is first turned into a list of atoms; matching then
 * backtracks over the starred atoms, longest run first.
 *
 * Globs (find -name): '*' any run of characters, '?' any one character.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

ULIB_WEAK int re_compile(struct regex *re, const char *pat)
{
	re->natoms = 0;
	re->bol = 0;
	re->eol = 0;
	if (*pat == '^') {
		re->bol = 1;
		pat++;
	}
	while (*pat) {
		struct re_atom *a;

		if (pat[0] == '$' && pat[1] == '\0') {
			re->eol = 1;
			break;
		}
		if (re->natoms == RE_MAXATOMS)
			return -1;
		a = &re->atom[re->natoms++];
		a->any = 0;
		a->star = 0;
		if (pat[0] == '\\' && pat[1] != '\0') {
			a->ch = pat[1];
			pat += 2;
		} else {
			a->any = pat[0] == '.';
			a->ch = pat[0];
			pat++;
		}
		if (*pat == '*') {
			a->star = 1;
			pat++;
		}
	}
	return 0;
}

static int atom_eq(const struct re_atom *a, char c)
{
	return c != '\0' && (a->any || a->ch == c);
}

/* Does the atom list a[0..n) match a prefix of s (all of s if eol)? */
static int match_atoms(const struct re_atom *a, int n, const char *s, int eol)
{
	for (; n > 0; a++, n--) {
		if (a->star) {
			int run = 0;

			while (atom_eq(a, s[run]))
				run++;
			for (; run >= 0; run--) {
				if (match_atoms(a + 1, n - 1, s + run, eol))
					return 1;
			}
			return 0;
		}
		if (!atom_eq(a, *s))
			return 0;
		s++;
	}
	return !eol || *s == '\0';
}

ULIB_WEAK int re_match(const struct regex *re, const char *text)
{
	if (re->bol)
		return match_atoms(re->atom, re->natoms, text, re->eol);
	/* Try every start position, the empty tail included. */
	do {
		if (match_atoms(re->atom, re->natoms, text, re->eol))
			return 1;
	} while (*text++ != '\0');
	return 0;
}

ULIB_WEAK int glob_match(const char *pat, const char *name)
{
	const char *star = 0; /* position just after the last '*' seen */
	const char *resume = 0; /* where in name that '*' should next start */

	while (*name) {
		if (*pat == '*') {
			star = ++pat;
			resume = name;
		} else if (*pat == '?' || *pat == *name) {
			pat++;
			name++;
		} else if (star) {
			/* Let the last '*' swallow one more character and retry. */
			pat = star;
			name = ++resume;
		} else {
			return 0;
		}
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}
