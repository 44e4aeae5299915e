// uptime: an xv6-style program with the name of one of Kite's own, for
// grade test xv6_programs: dropped into user/, it replaces Kite's.

#include "kernel/types.h"
#include "user/user.h"

int
main(void)
{
  printf("xv6-style uptime %d\n", uptime() >= 0);
  exit(0);
}
