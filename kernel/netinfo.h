/* kernel/netinfo.h: xv6's path for the ABI header kernel/abi/netinfo.h. */
#include "abi/netinfo.h"
