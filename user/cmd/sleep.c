/* sleep TICKS: pause for TICKS timer ticks (TICK_HZ per second). */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

int main(int argc, char *argv[])
{
	if (argc != 2 || !isdigit_str(argv[1])) {
		fprintf(2, "usage: sleep TICKS\n");
		exit(1);
	}
	if (sleep(atoi(argv[1])) < 0) {
		fprintf(2, "sleep: interrupted\n");
		exit(1);
	}
	return 0;
}
