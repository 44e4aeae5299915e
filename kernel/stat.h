/* kernel/stat.h: xv6's path for the ABI header kernel/abi/stat.h. */
#include "abi/stat.h"
