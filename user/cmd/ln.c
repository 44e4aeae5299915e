/* ln [-s] TARGET LINKNAME: make a hard link, or with -s a symbolic link. */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

int main(int argc, char *argv[])
{
	struct opt o;
	int sym = 0, r;

	opt_init(&o, argc, argv, "s", "ln [-s] TARGET LINKNAME");
	while (opt_next(&o) != -1)
		sym = 1;
	if (argc - o.ind != 2)
		opt_usage(&o);
	r = sym ? symlink(argv[o.ind], argv[o.ind + 1]) : link(argv[o.ind], argv[o.ind + 1]);
	if (r < 0) {
		fprintf(2, "ln: %s -> %s: %s\n", argv[o.ind + 1], argv[o.ind], strerror(errno));
		exit(1);
	}
	return 0;
}
