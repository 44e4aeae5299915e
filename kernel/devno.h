/* kernel/devno.h: xv6's path for the ABI header kernel/abi/devno.h. */
#include "abi/devno.h"
