/*
 * sh: word expansion, in the order POSIX gives: tilde, parameters ($NAME,
 * ${NAME}, $?, $#, $$, $0..$9, $@, $*), quote removal, field splitting of
 * unquoted expansions (at blanks and newlines), and pathname expansion of
 * unquoted * ? [ (glob.c; a pattern that matches nothing stays as it is).
 *
 * Not supported, and left as literal text: command substitution $(...)
 * and `...`, arithmetic $((...)), ${NAME:-word} and the other operators.
 *
 * A field is built with a parallel array of flags that say which of its
 * characters were quoted, so that globbing knows a quoted '*' from a
 * pattern.
 */
#include "sh.h"

enum { EXP_SPLIT = 1, EXP_GLOB = 2 };

struct field {
	char *s, *q; /* text, and a quoted flag per character */
	int len, cap;
	int active; /* a quote was seen: the field exists even if empty */
};

struct fields {
	char **v;
	int n, cap;
	int failed;
};

static int grow(void **p, int oldsize, int newsize)
{
	void *n = malloc(newsize);

	if (!n)
		return -1;
	if (*p) {
		memmove(n, *p, oldsize);
		free(*p);
	}
	*p = n;
	return 0;
}

static void fields_add(const char *s, void *arg)
{
	struct fields *fs = arg;
	int n = strlen(s);
	char *copy;

	if (fs->n + 1 >= fs->cap) {
		int ncap = fs->cap ? 2 * fs->cap : 16;

		if (grow((void **)&fs->v, fs->cap * sizeof(char *), ncap * sizeof(char *)) < 0) {
			fs->failed = 1;
			return;
		}
		fs->cap = ncap;
	}
	copy = malloc(n + 1);
	if (!copy) {
		fs->failed = 1;
		return;
	}
	memmove(copy, s, n + 1);
	fs->v[fs->n++] = copy;
}

static void put_char(struct field *f, char c, int quoted, struct fields *fs)
{
	if (f->len + 2 > f->cap) {
		int ncap = f->cap ? 2 * f->cap : 64;

		if (grow((void **)&f->s, f->cap, ncap) < 0 ||
		    grow((void **)&f->q, f->cap, ncap) < 0) {
			fs->failed = 1;
			return;
		}
		f->cap = ncap;
	}
	f->s[f->len] = c;
	f->q[f->len++] = quoted;
	f->s[f->len] = '\0';
}

static void put_str(struct field *f, const char *s, int quoted, struct fields *fs)
{
	for (; *s; s++)
		put_char(f, *s, quoted, fs);
}

/* Ends the current field: globbed if it has unquoted pattern characters. */
static void field_end(struct field *f, struct fields *fs, int flags)
{
	if (f->len == 0 && !f->active)
		return;
	if (!(flags & EXP_GLOB) || !glob_has_magic(f->s, f->q, f->len) ||
	    glob_expand(f->s, f->q, fields_add, fs) == 0)
		fields_add(f->s ? f->s : "", fs);
	f->len = 0;
	f->active = 0;
	if (f->s)
		f->s[0] = '\0';
}

/* An unquoted expansion: split at blanks when splitting. */
static void put_split(struct field *f, const char *v, struct fields *fs, int flags)
{
	for (; *v; v++) {
		if ((flags & EXP_SPLIT) && (*v == ' ' || *v == '\t' || *v == '\n'))
			field_end(f, fs, flags);
		else
			put_char(f, *v, 0, fs);
	}
}

/* The value of a special parameter or a variable; 0 if unset. */
static const char *param_value(const char *name, int n, char *num, int size)
{
	if (n == 1 && name[0] == '?') {
		snprintf(num, size, "%d", last_status);
		return num;
	}
	if (n == 1 && name[0] == '#') {
		snprintf(num, size, "%d", params_count());
		return num;
	}
	if (n == 1 && name[0] == '$') {
		snprintf(num, size, "%d", getpid());
		return num;
	}
	if (name[0] >= '0' && name[0] <= '9') {
		int i = 0;

		for (int k = 0; k < n; k++)
			i = 10 * i + (name[k] - '0');
		return params_get(i);
	}
	char var[NAMEMAX + 1];
	if (n > NAMEMAX)
		return 0;
	memmove(var, name, n);
	var[n] = '\0';
	return var_get(var);
}

/* $ at w[*ip]: expands it into f; advances *ip past it. */
static void dollar(const char *w, int *ip, int quoted, struct field *f, struct fields *fs,
                   int flags)
{
	int i = *ip + 1, start, n;
	char c = w[i];
	char num[16];

	if (c == '{') {
		start = i + 1;
		while (w[i] && w[i] != '}')
			i++;
		if (w[i] != '}') {
			put_char(f, '$', quoted, fs);
			return;
		}
		n = i - start;
		i++;
	} else if (c && strchr("?#$@*", c)) {
		start = i++;
		n = 1;
	} else if (c >= '0' && c <= '9') {
		start = i++;
		n = 1;
	} else {
		start = i;
		while ((w[i] >= 'a' && w[i] <= 'z') || (w[i] >= 'A' && w[i] <= 'Z') ||
		       w[i] == '_' || (i > start && w[i] >= '0' && w[i] <= '9'))
			i++;
		n = i - start;
		if (n == 0) { /* a lone '$' is itself */
			put_char(f, '$', quoted, fs);
			*ip = *ip + 1;
			return;
		}
	}
	*ip = i;
	if (n == 1 && (w[start] == '@' || w[start] == '*')) {
		int count = params_count();

		for (int k = 1; k <= count; k++) {
			if (k > 1) {
				if (quoted && w[start] == '@')
					field_end(f, fs, flags);
				else if (quoted)
					put_char(f, ' ', 1, fs);
				else
					field_end(f, fs, flags);
			}
			if (quoted) {
				f->active = 1;
				put_str(f, params_get(k), 1, fs);
			} else {
				put_split(f, params_get(k), fs, flags);
			}
		}
		return;
	}
	const char *v = param_value(w + start, n, num, sizeof(num));
	if (quoted)
		f->active = 1;
	if (!v)
		return;
	if (quoted)
		put_str(f, v, 1, fs);
	else
		put_split(f, v, fs, flags);
}

static void expand_word(const char *w, struct fields *fs, int flags)
{
	struct field f = {0, 0, 0, 0, 0};
	int i = 0;

	if (w[0] == '~' && (w[1] == '\0' || w[1] == '/')) {
		const char *home = var_get("HOME");
		int n;

		if (!home || !*home)
			home = "/";
		n = strlen(home);
		if (w[1] == '/' && home[n - 1] == '/')
			n--; /* ~/x with HOME=/ is /x, not //x */
		for (int k = 0; k < n; k++)
			put_char(&f, home[k], 1, fs);
		f.active = 1;
		i = 1;
	}
	while (w[i]) {
		char c = w[i];

		if (c == '\'') {
			f.active = 1;
			for (i++; w[i] && w[i] != '\''; i++)
				put_char(&f, w[i], 1, fs);
			if (w[i])
				i++;
		} else if (c == '"') {
			f.active = 1;
			for (i++; w[i] && w[i] != '"';) {
				if (w[i] == '\\' && w[i + 1] && strchr("$`\"\\", w[i + 1])) {
					put_char(&f, w[i + 1], 1, fs);
					i += 2;
				} else if (w[i] == '$') {
					dollar(w, &i, 1, &f, fs, flags);
				} else {
					put_char(&f, w[i++], 1, fs);
				}
			}
			if (w[i])
				i++;
		} else if (c == '\\' && w[i + 1]) {
			put_char(&f, w[i + 1], 1, fs);
			i += 2;
		} else if (c == '$') {
			dollar(w, &i, 0, &f, fs, flags);
		} else {
			put_char(&f, c, 0, fs);
			i++;
		}
	}
	field_end(&f, fs, flags);
	free(f.s);
	free(f.q);
}

/* Packs fs into one malloc'd block: the pointers, then the strings. */
static char **pack(struct fields *fs, int *nfields)
{
	int total = (fs->n + 1) * sizeof(char *);
	char **v = 0;

	for (int i = 0; i < fs->n; i++)
		total += strlen(fs->v[i]) + 1;
	if (!fs->failed)
		v = malloc(total);
	if (v) {
		char *p = (char *)(v + fs->n + 1);

		for (int i = 0; i < fs->n; i++) {
			int n = strlen(fs->v[i]) + 1;

			memmove(p, fs->v[i], n);
			v[i] = p;
			p += n;
		}
		v[fs->n] = 0;
		*nfields = fs->n;
	} else {
		fprintf(2, "sh: %s\n", strerror(ENOMEM));
	}
	for (int i = 0; i < fs->n; i++)
		free(fs->v[i]);
	free(fs->v);
	return v;
}

char **expand_words(char **words, int nwords, int *nfields)
{
	struct fields fs = {0, 0, 0, 0};

	for (int i = 0; i < nwords; i++)
		expand_word(words[i], &fs, EXP_SPLIT | EXP_GLOB);
	return pack(&fs, nfields);
}

/* The one string of a packed block, moved to the block's start (the block
 * is the string's allocation from now on). */
static char *only_string(char **v)
{
	char *s = (char *)v;

	memmove(s, v[0], strlen(v[0]) + 1);
	return s;
}

char *expand_flat(const char *w)
{
	struct fields fs = {0, 0, 0, 0};
	int n;

	expand_word(w, &fs, 0);
	if (fs.n == 0)
		fields_add("", &fs);
	char **v = pack(&fs, &n);
	return v ? only_string(v) : 0;
}

char *expand_one(const char *word)
{
	int n;
	char **v = expand_words((char **)&word, 1, &n);

	if (!v)
		return 0;
	if (n != 1) {
		fprintf(2, "sh: %s: ambiguous redirect\n", word);
		free(v);
		return 0;
	}
	return only_string(v);
}

char *expand_heredoc(const char *body, int quoted)
{
	struct fields fs = {0, 0, 0, 0};
	struct field f = {0, 0, 0, 0, 1};
	int n;

	if (quoted) {
		fields_add(body, &fs);
	} else {
		/* As inside "...", but a double quote is itself. */
		for (int i = 0; body[i];) {
			if (body[i] == '\\' && body[i + 1] && strchr("$`\\", body[i + 1])) {
				put_char(&f, body[i + 1], 1, &fs);
				i += 2;
			} else if (body[i] == '$') {
				dollar(body, &i, 1, &f, &fs, 0);
			} else {
				put_char(&f, body[i++], 1, &fs);
			}
		}
		fields_add(f.s ? f.s : "", &fs);
		free(f.s);
		free(f.q);
	}
	char **v = pack(&fs, &n);
	return v ? only_string(v) : 0;
}
