/* kernel/types.h: xv6's path for the ABI header kernel/abi/types.h. */
#include "abi/types.h"
