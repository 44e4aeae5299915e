/*
 * env [-i] [-u NAME]... [NAME=value]... [COMMAND [ARG...]]: run COMMAND
 * with the environment changed (-i: starting empty; -u: without NAME;
 * NAME=value: with it set), or print the environment so made, one
 * NAME=value a line.  Status 127 if COMMAND is not found, 126 if it cannot
 * be run, as POSIX says.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define STATUS_NOEXEC 126
#define STATUS_NOTFOUND 127

static void set_or_die(const char *word)
{
	char name[64];
	const char *eq = strchr(word, '=');
	int len = eq - word;

	if (len <= 0 || len >= (int)sizeof(name)) {
		fprintf(2, "env: %s: not a valid NAME=value\n", word);
		exit(STATUS_NOEXEC);
	}
	memmove(name, word, len);
	name[len] = 0;
	if (setenv(name, eq + 1, 1) < 0) {
		fprintf(2, "env: %s: %s\n", name, strerror(errno));
		exit(STATUS_NOEXEC);
	}
}

int main(int argc, char *argv[])
{
	struct opt o;
	int c;

	opt_init(&o, argc, argv, "iu:", "env [-i] [-u NAME]... [NAME=value]... [COMMAND [ARG...]]");
	while ((c = opt_next(&o)) != -1) {
		if (c == 'i')
			clearenv();
		else if (unsetenv(o.arg) < 0) {
			fprintf(2, "env: -u %s: %s\n", o.arg, strerror(errno));
			exit(STATUS_NOEXEC);
		}
	}
	int i = o.ind;
	for (; i < argc && strchr(argv[i], '='); i++)
		set_or_die(argv[i]);
	if (i == argc) {
		for (int j = 0; environ && environ[j]; j++)
			printf("%s\n", environ[j]);
		return out_check("env");
	}
	exec_command(argv + i);
	fprintf(2, "env: %s: %s\n", argv[i], strerror(errno));
	return errno == ENOENT ? STATUS_NOTFOUND : STATUS_NOEXEC;
}
