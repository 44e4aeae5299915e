/* yes [STRING...]: print "y", or the strings joined by spaces, forever
 * (until the output is closed: then a write fails and yes stops). */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define LINEMAX 1024

static char line[LINEMAX];

int main(int argc, char *argv[])
{
	struct opt o;
	int len = 0;

	opt_init(&o, argc, argv, "", "yes [STRING...]");
	while (opt_next(&o) != -1)
		;
	if (o.ind == argc)
		len = snprintf(line, sizeof(line), "y");
	for (int i = o.ind; i < argc && len < LINEMAX; i++)
		len +=
		    snprintf(line + len, sizeof(line) - len, "%s%s", i > o.ind ? " " : "", argv[i]);
	if (len >= LINEMAX - 1) {
		fprintf(2, "yes: %s\n", strerror(E2BIG));
		exit(1);
	}
	line[len++] = '\n';
	while (out_write(line, len) == 0)
		;
	return out_check("yes");
}
