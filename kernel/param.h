/* kernel/param.h: xv6's path for the ABI header kernel/abi/param.h. */
#include "abi/param.h"
