/* kernel/fs.h: xv6's path for the ABI header kernel/abi/fs.h. */
#include "abi/fs.h"
