/* echo [-n] [ARG...]: print the arguments separated by spaces (-n: no newline). */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

int main(int argc, char *argv[])
{
	int i = 1, newline = 1;

	/* Not opt_next: every other argument is text, "--" and "--help" too,
	 * as POSIX asks of echo.  --help alone is the usage, as for every tool. */
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		printf("usage: echo [-n] [ARG...]\n");
		return out_check("echo");
	}
	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		newline = 0;
		i++;
	}
	for (; i < argc && !out_failed(); i++) {
		out_write(argv[i], strlen(argv[i]));
		if (i + 1 < argc)
			out_write(" ", 1);
	}
	if (newline)
		out_write("\n", 1);
	return out_check("echo");
}
