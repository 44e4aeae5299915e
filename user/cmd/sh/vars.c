/*
 * sh: shell variables and the positional parameters.
 *
 * A variable is NAME=value; exported ones are also kept in the library's
 * environment (lib/env.c), which every exec passes to the program it
 * runs, and the shell starts with each variable of the environment it was
 * given, exported.  The table is small and searched linearly: a shell has
 * tens of variables, not thousands.
 */
#include "sh.h"

#define NVARS 64

struct var {
	char name[NAMEMAX + 1];
	char *value; /* malloc'd */
	int exported;
};

static struct var vars[NVARS];
static int nvars;

static int pargc;
static char **pargv;

int is_name(const char *s, int n)
{
	if (n <= 0 || n > NAMEMAX)
		return 0;
	for (int i = 0; i < n; i++) {
		char c = s[i];
		int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';

		if (!alpha && (i == 0 || c < '0' || c > '9'))
			return 0;
	}
	return 1;
}

static struct var *find(const char *name)
{
	for (int i = 0; i < nvars; i++)
		if (strcmp(vars[i].name, name) == 0)
			return &vars[i];
	return 0;
}

const char *var_get(const char *name)
{
	struct var *v = find(name);

	return v ? v->value : 0;
}

int var_set(const char *name, const char *value)
{
	struct var *v = find(name);
	int n = strlen(value);
	char *copy;

	if (!is_name(name, strlen(name)))
		return -1;
	if (!v) {
		if (nvars == NVARS) {
			fprintf(2, "sh: %s: too many variables\n", name);
			return -1;
		}
		v = &vars[nvars++];
		strcpy(v->name, name);
		v->value = 0;
		v->exported = 0;
	}
	copy = malloc(n + 1);
	if (!copy) {
		fprintf(2, "sh: %s: %s\n", name, strerror(ENOMEM));
		return -1;
	}
	memmove(copy, value, n + 1);
	free(v->value);
	v->value = copy;
	if (v->exported && setenv(name, value, 1) < 0) {
		fprintf(2, "sh: %s: %s\n", name, strerror(errno));
		return -1;
	}
	return 0;
}

void var_unset(const char *name)
{
	struct var *v = find(name);

	if (!v)
		return;
	if (v->exported)
		unsetenv(name);
	free(v->value);
	*v = vars[--nvars];
}

void var_export(const char *name)
{
	struct var *v = find(name);

	if (!v && var_set(name, "") == 0)
		v = find(name);
	if (!v)
		return;
	v->exported = 1;
	if (setenv(name, v->value, 1) < 0)
		fprintf(2, "sh: export: %s: %s\n", name, strerror(errno));
}

void vars_import(void)
{
	for (int i = 0; environ && environ[i]; i++) {
		char name[NAMEMAX + 1];
		const char *eq = strchr(environ[i], '=');
		int len = eq ? eq - environ[i] : 0;

		if (!is_name(environ[i], len))
			continue; /* not a name the shell can hold; exec still passes it on */
		memmove(name, environ[i], len);
		name[len] = '\0';
		if (var_set(name, eq + 1) == 0)
			find(name)->exported = 1;
	}
}

void var_print_exported(void)
{
	for (int i = 0; i < nvars; i++)
		if (vars[i].exported)
			printf("export %s='%s'\n", vars[i].name, vars[i].value);
}

void params_set(int argc, char **argv)
{
	pargc = argc;
	pargv = argv;
}

/* shift N: $N+1 becomes $1 ($0 stays). */
void params_shift(int n)
{
	if (n > params_count())
		n = params_count();
	for (int i = 1; i + n < pargc; i++)
		pargv[i] = pargv[i + n];
	pargc -= n;
}

/* $#: the parameters after $0. */
int params_count(void)
{
	return pargc > 0 ? pargc - 1 : 0;
}

const char *params_get(int i)
{
	if (i == 0)
		return pargc > 0 ? pargv[0] : "sh";
	return i < pargc ? pargv[i] : 0;
}
