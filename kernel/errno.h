/* kernel/errno.h: xv6's path for the ABI header kernel/abi/errno.h. */
#include "abi/errno.h"
