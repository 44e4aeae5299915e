/* kernel/fcntl.h: xv6's path for the ABI header kernel/abi/fcntl.h. */
#include "abi/fcntl.h"
