// xv6lib: a library file with no main(), as the labs have (the lock lab's
// statistics.c), written here for grade test xv6_programs: the build links
// it into the programs from user/ instead of making it a program.

#include "kernel/types.h"
#include "user/user.h"

int
xv6lib_twice(int x)
{
  return 2 * x;
}
