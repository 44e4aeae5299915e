/* kernel/syscall.h: xv6's path for the ABI header kernel/abi/syscall.h. */
#include "abi/syscall.h"
