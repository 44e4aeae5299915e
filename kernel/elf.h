/* kernel/elf.h: xv6's path for the ABI header kernel/abi/elf.h. */
#include "abi/elf.h"
