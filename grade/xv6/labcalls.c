// labcalls: calls every interface of MIT 6.1810's labs that Kite declares
// (written here for grade test xv6_programs), to show that the labs' test
// programs build unchanged.  Until Kite implements them, each returns -1.
// mmap and munmap work: the mmap of fd 0 (the console, not a regular
// file) fails, the munmap of a range never mapped succeeds.
// The net lab's UDP calls work: bind and unbind succeed; without a network
// card (the test boots none) send fails, and recv on an unbound port fails.
// sigalarm works (0); sigreturn outside an alarm handler is -1.

#include "kernel/param.h"
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/riscv.h"
#include "kernel/sysinfo.h"
#include "user/user.h"

void
handler()
{
  sigreturn();
}

int
main(int argc, char *argv[])
{
  struct sysinfo info;
  uint32 src;
  uint16 sport;
  char buf[8];
  int fails = 0;
  int b, u, s, r;

  fails += trace(1 << 5) == -1;
  fails += sigalarm(2, handler) == -1;
  fails += sigreturn() == -1;
  fails += pgpte((void *)0) == (uint64)-1;
  kpgtbl();
  fails += mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE, 0, 0) == (void *)-1;
  fails += munmap(0, PGSIZE) == -1;
  b = bind(2000);
  u = unbind(2000);
  s = send(2000, 0x0a000202, 2001, buf, 1);
  r = recv(2000, &src, &sport, buf, sizeof(buf));
  fails += statistics(buf, sizeof(buf)) == -1;
  printf("labcalls: not implemented %d ugetpid %d sysinfo %d\n", fails,
         ugetpid() == getpid(), sysinfo(&info) == 0 && info.nproc > 0);
  printf("labcalls: net bind %d unbind %d send %d recv %d\n", b, u, s, r);
  exit(0);
}
