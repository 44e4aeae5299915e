/*
 * vm.h: sbrk's growth modes, at the path xv6-riscv programs include.  The
 * values are xv6's: sys_sbrk(n, SBRK_EAGER) allocates now, SBRK_LAZY on
 * first touch (user.h's sbrk() and sbrklazy()).
 */
#ifndef KITE_VM_H
#define KITE_VM_H

#define SBRK_EAGER 1
#define SBRK_LAZY 2

#endif
