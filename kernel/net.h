/* kernel/net.h: xv6's path for the ABI header kernel/abi/net.h. */
#include "abi/net.h"
