/*
 * sh: the test builtin, also called as [ ... ].  The POSIX forms with up
 * to four arguments:
 *
 *   STRING   -n STRING   -z STRING   S1 = S2   S1 != S2
 *   N1 -eq N2  (-ne -lt -le -gt -ge)
 *   -e FILE  -f FILE  -d FILE  -s FILE (size > 0)  -L FILE (a symlink)
 *   ! EXPRESSION
 *
 * Status 0 for true, 1 for false, 2 for a usage error.
 */
#include "sh.h"

static int bad;

static int number(const char *s, int *v)
{
	int neg = *s == '-';

	if (!isdigit_str(s + neg)) {
		fprintf(2, "sh: test: %s: integer expected\n", s);
		bad = 1;
		return 0;
	}
	*v = neg ? -atoi(s + 1) : atoi(s);
	return 1;
}

static int unary(const char *op, const char *arg, int *res)
{
	struct stat st;

	if (strcmp(op, "-n") == 0)
		*res = *arg != 0;
	else if (strcmp(op, "-z") == 0)
		*res = *arg == 0;
	else if (strcmp(op, "-L") == 0)
		*res = lstat(arg, &st) == 0 && st.type == T_SYMLINK;
	else if (strcmp(op, "-e") == 0 || strcmp(op, "-f") == 0 || strcmp(op, "-d") == 0 ||
	         strcmp(op, "-s") == 0) {
		int ok = stat(arg, &st) == 0;

		*res = op[1] == 'e'   ? ok
		       : op[1] == 'f' ? ok && st.type == T_FILE
		       : op[1] == 'd' ? ok && st.type == T_DIR
		                      : ok && st.size > 0;
	} else {
		return 0;
	}
	return 1;
}

static int binary(const char *a, const char *op, const char *b, int *res)
{
	static const char *const ops[] = {"-eq", "-ne", "-lt", "-le", "-gt", "-ge"};
	int x, y;

	if (strcmp(op, "=") == 0) {
		*res = strcmp(a, b) == 0;
		return 1;
	}
	if (strcmp(op, "!=") == 0) {
		*res = strcmp(a, b) != 0;
		return 1;
	}
	for (int i = 0; i < (int)(sizeof(ops) / sizeof(ops[0])); i++) {
		if (strcmp(op, ops[i]) != 0)
			continue;
		if (!number(a, &x) || !number(b, &y))
			return 1;
		int r[] = {x == y, x != y, x<y, x <= y, x> y, x >= y};
		*res = r[i];
		return 1;
	}
	return 0;
}

/* Evaluates argv[0..argc); 1 with *res, or 0 if the form is not known. */
static int eval(int argc, char **argv, int *res)
{
	if (argc == 0) {
		*res = 0;
		return 1;
	}
	if (strcmp(argv[0], "!") == 0 && argc > 1) {
		if (!eval(argc - 1, argv + 1, res))
			return 0;
		*res = !*res;
		return 1;
	}
	if (argc == 1) {
		*res = argv[0][0] != 0;
		return 1;
	}
	if (argc == 2)
		return unary(argv[0], argv[1], res);
	if (argc == 3)
		return binary(argv[0], argv[1], argv[2], res);
	return 0;
}

int builtin_test(int argc, char **argv)
{
	int res = 0;

	if (strcmp(argv[0], "[") == 0) {
		if (strcmp(argv[argc - 1], "]") != 0) {
			fprintf(2, "sh: [: missing ]\n");
			return STATUS_SYNTAX;
		}
		argc--;
	}
	bad = 0;
	if (!eval(argc - 1, argv + 1, &res)) {
		fprintf(2, "sh: %s: unknown expression\n", argv[0]);
		return STATUS_SYNTAX;
	}
	if (bad)
		return STATUS_SYNTAX;
	return res ? 0 : STATUS_FALSE;
}
