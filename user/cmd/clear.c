/* clear: clear the terminal (ANSI: cursor home, then erase the screen). */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define CLEAR_SCREEN "\x1b[H\x1b[2J"

int main(int argc, char *argv[])
{
	struct opt o;

	opt_init(&o, argc, argv, "", "clear");
	while (opt_next(&o) != -1)
		;
	if (o.ind != argc)
		opt_usage(&o);
	out_write(CLEAR_SCREEN, strlen(CLEAR_SCREEN));
	return out_check("clear");
}
