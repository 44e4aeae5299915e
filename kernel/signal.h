/* kernel/signal.h: xv6's path for the ABI header kernel/abi/signal.h. */
#include "abi/signal.h"
