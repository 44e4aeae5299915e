/* halt: power the machine off. */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

int main(int argc, char *argv[])
{
	(void)argv;
	if (argc != 1) {
		fprintf(2, "usage: halt\n");
		exit(1);
	}
	halt();
	fprintf(2, "halt: failed\n");
	return 1;
}
