/*
 * match.c: the two pattern languages of the utilities.
 *
 * Regular expressions (grep): '.' any character, '[...]' one character of
 * a class (ranges "a-z"; '^' first negates; ']' first or '-' first or last
 * is literal), 'c*' zero or more of the preceding item, '^' at the start
 * anchors to the beginning of the line, '$' at the end anchors to its end,
 * and '\' makes the next character literal.  The pattern is first turned
 * into a list of atoms, each the set of bytes it matches (with RE_ICASE a
 * letter's set holds both cases); matching then backtracks over the starred
 * atoms, longest run first.
 *
 * Globs (find -name): '*' any run of characters, '?' any one character.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define CASE_GAP ('a' - 'A')

static void set_add(uchar *set, uchar c)
{
	set[c / 8] |= 1 << (c % 8);
}

static int set_has(const uchar *set, uchar c)
{
	return (set[c / 8] >> (c % 8)) & 1;
}

/* Adds the other case of every letter in the set. */
static void set_fold(uchar *set)
{
	for (int c = 'a'; c <= 'z'; c++) {
		if (set_has(set, c) || set_has(set, c - CASE_GAP)) {
			set_add(set, c);
			set_add(set, c - CASE_GAP);
		}
	}
}

/* Parses the class after a '['; returns what follows its ']', or 0 if
 * there is none.  Cases are folded before a negation: [^a] refuses 'A' too. */
static const char *parse_class(uchar *set, const char *pat, int flags)
{
	int negate = *pat == '^';

	if (negate)
		pat++;
	/* A ']' right after "[" or "[^" is a member, not the end. */
	do {
		uchar lo = *pat, hi = lo;

		if (*pat == '\0')
			return 0;
		if (pat[1] == '-' && pat[2] != ']' && pat[2] != '\0') {
			hi = pat[2];
			pat += 2;
		}
		for (int c = lo; c <= hi; c++)
			set_add(set, c);
		pat++;
	} while (*pat != ']');
	if (flags & RE_ICASE)
		set_fold(set);
	if (negate) {
		for (int i = 0; i < RE_SETBYTES; i++)
			set[i] = ~set[i];
	}
	return pat + 1;
}

ULIB_WEAK int re_compile(struct regex *re, const char *pat, int flags)
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
		memset(a->set, 0, sizeof(a->set));
		a->star = 0;
		if (pat[0] == '\\' && pat[1] != '\0') {
			set_add(a->set, pat[1]);
			pat += 2;
		} else if (pat[0] == '.') {
			memset(a->set, 0xff, sizeof(a->set));
			pat++;
		} else if (pat[0] == '[') {
			if ((pat = parse_class(a->set, pat + 1, flags)) == 0)
				return -1;
		} else {
			set_add(a->set, pat[0]);
			pat++;
		}
		if (flags & RE_ICASE)
			set_fold(a->set); /* a class is already folded: no change */
		a->set[0] &= ~1;          /* NUL ends the text: no atom matches it */
		if (*pat == '*') {
			a->star = 1;
			pat++;
		}
	}
	return 0;
}

static int atom_eq(const struct re_atom *a, char c)
{
	return set_has(a->set, (uchar)c);
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
	const char *star = 0;   /* position just after the last '*' seen */
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
