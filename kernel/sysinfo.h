/* kernel/sysinfo.h: xv6's path for the ABI header kernel/abi/sysinfo.h. */
#include "abi/sysinfo.h"
