// xv6new: a program in the style of current xv6-riscv and the 6.1810
// labs, written here for grade test xv6_programs: pause(), sbrklazy(),
// sys_sbrk() with SBRK_EAGER, SBRK_ERROR, format-checked printf with %ld,
// %lu, %lx and %p, r_sp(), /README, and a killed child's exit status.  It
// defines its own strncmp, as many xv6 programs do, which must not clash
// with the library.

#include "kernel/param.h"
#include "kernel/types.h"
#include "kernel/stat.h"
#include "user/user.h"
#include "kernel/fs.h"
#include "kernel/fcntl.h"
#include "kernel/memlayout.h"
#include "kernel/riscv.h"
#include "kernel/vm.h"

#define LAZYBYTES (64*1024*1024)

int xv6lib_twice(int);  // in xv6lib.c, a file without main()

int
strncmp(const char *p, const char *q, uint n)
{
  while(n > 0 && *p && *p == *q)
    n--, p++, q++;
  if(n == 0)
    return 0;
  return (uchar)*p - (uchar)*q;
}

int
readme_starts(char *word)
{
  char buf[16];
  int fd, n;

  if((fd = open("README", O_RDONLY)) < 0)
    return 0;
  n = read(fd, buf, sizeof(buf));
  close(fd);
  return n > 0 && strncmp(buf, word, strlen(word)) == 0;
}

int
killed_status(void)
{
  int pid, xstatus;

  pid = fork();
  if(pid == 0){
    *(volatile char *)KERNBASE = 1;  // the kernel must kill us here
    exit(0);
  }
  if(pid < 0)
    return 1;
  wait(&xstatus);
  return xstatus;
}

int
main(int argc, char *argv[])
{
  char *lazy, *eager, *p;
  uint64 sp = r_sp();
  long neg = -5;

  lazy = sbrklazy(LAZYBYTES);
  if(lazy == SBRK_ERROR){
    printf("xv6new: sbrklazy failed\n");
    exit(1);
  }
  for(p = lazy; p < lazy + LAZYBYTES; p += 1024*PGSIZE)
    *p = 1;
  eager = sys_sbrk(PGSIZE, SBRK_EAGER);
  if(eager == SBRK_ERROR || eager != lazy + LAZYBYTES){
    printf("xv6new: sys_sbrk failed\n");
    exit(1);
  }
  if(sbrk(1 << 30) != SBRK_ERROR){
    printf("xv6new: an eager 1 GiB sbrk succeeded\n");
    exit(1);
  }
  if(pause(1) != 0){
    printf("xv6new: pause failed\n");
    exit(1);
  }
  printf("xv6new: %ld %lu %lx %p logblocks %d stack %d ram %lu\n",
         neg, (uint64)LAZYBYTES, (uint64)0xabcdef, (void *)eager,
         LOGBLOCKS >= MAXOPBLOCKS, sp < (uint64)eager ? USERSTACK : 0,
         (uint64)(PHYSTOP - KERNBASE));
  printf("xv6new: readme %d killed %d maxva %d twice %d\n", readme_starts("# Kite"),
         killed_status(), TRAPFRAME < MAXVA, xv6lib_twice(21));
  exit(0);
}
