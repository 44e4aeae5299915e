/* sbrk.c: xv6's sbrk() (eager) and sbrklazy() over the sys_sbrk system call. */
#include "kernel/types.h"
#include "kernel/vm.h"
#include "user/user.h"

char *sbrk(int n)
{
	return sys_sbrk(n, SBRK_EAGER);
}

char *sbrklazy(int n)
{
	return sys_sbrk(n, SBRK_LAZY);
}
