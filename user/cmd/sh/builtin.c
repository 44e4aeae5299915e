/*
 * sh: the builtins, commands that must change the shell itself.
 *
 *   cd [DIR | -]   pwd            exit [N]        export [NAME[=V]...]
 *   unset NAME...  true  false  : wait [%N]        jobs [-l | -p]
 *   fg [%N]        bg [%N...]     kill [-SIG] PID|%N...  (jobs.c: job control)
 *   break [N]      continue [N]   shift [N]      read NAME...
 *   test EXPR, [ EXPR ]  (test.c)
 *
 * The shell keeps its directory's path in $PWD (and the one before in
 * $OLDPWD for `cd -`), made from the paths given to cd.
 */
#include "sh.h"

static int usage(const char *line)
{
	fprintf(2, "usage: %s\n", line);
	return STATUS_SYNTAX;
}

/* Joins dir onto base and removes ".", ".." and doubled slashes. */
static int normalize(char *out, int size, const char *base, const char *dir)
{
	char tmp[MAXPATH];
	int n = 0;

	if (dir[0] == '/')
		snprintf(tmp, sizeof(tmp), "%s", dir);
	else if (snprintf(tmp, sizeof(tmp), "%s/%s", base, dir) >= (int)sizeof(tmp))
		return -1;
	out[n++] = '/';
	for (char *p = tmp; *p;) {
		while (*p == '/')
			p++;
		char *end = p;
		while (*end && *end != '/')
			end++;
		int len = end - p;
		if (len == 0 || (len == 1 && p[0] == '.')) {
			/* nothing */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			while (n > 1 && out[n - 1] != '/')
				n--;
			if (n > 1)
				n--;
		} else {
			if (n + len + 2 > size)
				return -1;
			if (n > 1)
				out[n++] = '/';
			memmove(out + n, p, len);
			n += len;
		}
		p = end;
	}
	out[n] = '\0';
	return 0;
}

/* $PWD, or the kernel's answer when it is not set yet. */
static const char *cwd(void)
{
	static char buf[MAXPATH];
	const char *pwd = var_get("PWD");

	if (pwd && *pwd)
		return pwd;
	return getcwd(buf, sizeof(buf)) ? buf : "/";
}

static int b_cd(int argc, char **argv)
{
	char path[MAXPATH];
	const char *dir = argc > 1 ? argv[1] : var_get("HOME");
	int print = 0;

	if (argc > 2)
		return usage("cd [DIR | -]");
	if (!dir || !*dir)
		dir = "/";
	if (strcmp(dir, "-") == 0) {
		dir = var_get("OLDPWD");
		if (!dir) {
			fprintf(2, "sh: cd: OLDPWD not set\n");
			return STATUS_FALSE;
		}
		print = 1;
	}
	if (normalize(path, sizeof(path), cwd(), dir) < 0) {
		fprintf(2, "sh: cd: %s: %s\n", dir, strerror(ENAMETOOLONG));
		return STATUS_FALSE;
	}
	if (chdir(dir) < 0) { /* as typed: $PWD may be wrong in a nested shell */
		fprintf(2, "sh: cd: %s: %s\n", dir, strerror(errno));
		return STATUS_FALSE;
	}
	var_set("OLDPWD", cwd());
	var_set("PWD", path);
	if (print)
		printf("%s\n", path);
	return 0;
}

static int b_pwd(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return usage("pwd");
	printf("%s\n", cwd());
	return 0;
}

static int b_exit(int argc, char **argv)
{
	if (argc > 2)
		return usage("exit [N]");
	if (argc == 2 && !isdigit_str(argv[1])) {
		fprintf(2, "sh: exit: %s: not a number\n", argv[1]);
		exit(STATUS_SYNTAX);
	}
	if (interactive)
		consmode(CONS_COOKED);
	exit(argc == 2 ? atoi(argv[1]) & STATUS_MASK : last_status);
}

static int b_export(int argc, char **argv)
{
	int status = 0;

	if (argc == 1) {
		var_print_exported();
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (eq) {
			*eq = '\0';
			if (var_set(argv[i], eq + 1) < 0) {
				fprintf(2, "sh: export: %s: not a valid name\n", argv[i]);
				status = STATUS_FALSE;
				continue;
			}
		} else if (!is_name(argv[i], strlen(argv[i]))) {
			fprintf(2, "sh: export: %s: not a valid name\n", argv[i]);
			status = STATUS_FALSE;
			continue;
		}
		var_export(argv[i]);
	}
	return status;
}

static int b_unset(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		var_unset(argv[i]);
	return 0;
}

static int b_true(int argc, char **argv)
{
	(void)argc, (void)argv;
	return 0;
}

static int b_false(int argc, char **argv)
{
	(void)argc, (void)argv;
	return STATUS_FALSE;
}

static int b_wait(int argc, char **argv)
{
	if (argc > 2)
		return usage("wait [%N]");
	if (argc == 1)
		return jobs_wait(0);
	const char *a = argv[1][0] == '%' ? argv[1] + 1 : argv[1];
	if (!isdigit_str(a))
		return usage("wait [%N]");
	return jobs_wait(atoi(a));
}

static int b_jobs(int argc, char **argv)
{
	return jobs_print(argc, argv);
}

/* break [N] and continue [N]: how many enclosing loops. */
static int loop_count(int argc, char **argv, const char *name)
{
	if (loop_depth == 0) {
		fprintf(2, "sh: %s: only meaningful in a loop\n", name);
		return -1;
	}
	if (argc > 2 || (argc == 2 && (!isdigit_str(argv[1]) || atoi(argv[1]) < 1))) {
		fprintf(2, "usage: %s [N]\n", name);
		return -1;
	}
	int n = argc == 2 ? atoi(argv[1]) : 1;
	return n > loop_depth ? loop_depth : n;
}

static int b_break(int argc, char **argv)
{
	int n = loop_count(argc, argv, "break");

	if (n < 0)
		return STATUS_FALSE;
	loop_break = n;
	return 0;
}

static int b_continue(int argc, char **argv)
{
	int n = loop_count(argc, argv, "continue");

	if (n < 0)
		return STATUS_FALSE;
	/* continue N leaves N-1 loops and continues the Nth. */
	loop_continue = n;
	return 0;
}

static int b_shift(int argc, char **argv)
{
	int n = argc == 2 ? atoi(argv[1]) : 1;

	if (argc > 2 || (argc == 2 && !isdigit_str(argv[1])))
		return usage("shift [N]");
	if (n > params_count()) {
		fprintf(2, "sh: shift: %d: shift count out of range\n", n);
		return STATUS_FALSE;
	}
	params_shift(n);
	return 0;
}

/* read NAME...: one line of standard input, split at blanks; the last
 * name takes the rest.  Status 1 at the end of the input. */
static int b_read(int argc, char **argv)
{
	static char line[LINEMAX];
	int n = 0, got = 0;
	char c;

	if (argc < 2)
		return usage("read NAME...");
	while (n < LINEMAX - 1 && (got = read(0, &c, 1)) == 1 && c != '\n')
		line[n++] = c;
	line[n] = '\0';
	char *p = line;
	for (int i = 1; i < argc; i++) {
		while (*p == ' ' || *p == '\t')
			p++;
		char *end = p;
		if (i < argc - 1)
			while (*end && *end != ' ' && *end != '\t')
				end++;
		else
			end = p + strlen(p);
		char save = *end;
		*end = '\0';
		if (var_set(argv[i], p) < 0) {
			fprintf(2, "sh: read: %s: not a valid name\n", argv[i]);
			return STATUS_FALSE;
		}
		*end = save;
		p = end;
	}
	return got == 1 || n > 0 ? 0 : STATUS_FALSE;
}

static const struct {
	const char *name;
	builtin_fn fn;
} builtins[] = {
    {"cd", b_cd},       {"pwd", b_pwd},   {"exit", b_exit},       {"export", b_export},
    {"unset", b_unset}, {"true", b_true}, {":", b_true},          {"false", b_false},
    {"wait", b_wait},   {"jobs", b_jobs}, {"break", b_break},     {"continue", b_continue},
    {"shift", b_shift}, {"read", b_read}, {"test", builtin_test}, {"[", builtin_test},
    {"fg", job_fg},     {"bg", job_bg},   {"kill", job_kill},
};

builtin_fn builtin_find(const char *name)
{
	for (uint i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (strcmp(builtins[i].name, name) == 0)
			return builtins[i].fn;
	return 0;
}
