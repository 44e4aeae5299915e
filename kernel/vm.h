/* kernel/vm.h: xv6's path for the ABI header kernel/abi/vm.h. */
#include "abi/vm.h"
