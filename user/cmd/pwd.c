/*
 * pwd: the current directory's path, from getcwd() (the shell's builtin
 * pwd is the same, and knows $PWD; this one is for programs that run
 * pwd, such as xargs or exitcode).
 */
#include "kernel/types.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

int main(int argc, char *argv[])
{
	struct opt o;
	char path[MAXPATH];

	opt_init(&o, argc, argv, "", "pwd");
	while (opt_next(&o) != -1)
		;
	if (o.ind != argc)
		opt_usage(&o);
	if (!getcwd(path, sizeof(path))) {
		fprintf(2, "pwd: %s\n", strerror(errno));
		return 1;
	}
	printf("%s\n", path);
	return out_check("pwd");
}
