/* ln [-s] TARGET LINKNAME: make a hard link, or with -s a symbolic link. */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

int main(int argc, char *argv[])
{
	int sym = argc > 1 && strcmp(argv[1], "-s") == 0;

	if (argc != 3 + sym) {
		fprintf(2, "usage: ln [-s] TARGET LINKNAME\n");
		exit(1);
	}
	if (sym) {
		if (symlink(argv[2], argv[3]) < 0) {
			fprintf(2, "ln: %s: %s\n", argv[3], strerror(errno));
			exit(1);
		}
	} else if (link(argv[1], argv[2]) < 0) {
		fprintf(2, "ln: cannot link %s to %s\n", argv[2], argv[1]);
		exit(1);
	}
	return 0;
}
