// xv6old: a program in the style of xv6-riscv's 2022 release, written
// here for grade test xv6_programs.  Functions are not static and have no
// prototypes; printf is given a uint64 for %p (unchecked in 2022); it calls
// sleep() and sbrk() as that release's system calls; it includes every
// header an xv6 program may include.  It must build with no edit.

#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/syscall.h"
#include "kernel/spinlock.h"
#include "kernel/sleeplock.h"
#include "kernel/file.h"
#include "kernel/elf.h"
#include "user/user.h"

char namebuf[DIRSIZ+1];

int
countdir(char *path)
{
  int fd, n;
  struct dirent de;
  struct stat st;

  if((fd = open(path, 0)) < 0)
    return -1;
  if(fstat(fd, &st) < 0 || st.type != T_DIR){
    close(fd);
    return -1;
  }
  n = 0;
  while(read(fd, &de, sizeof(de)) == sizeof(de)){
    if(de.inum == 0)
      continue;
    memmove(namebuf, de.name, DIRSIZ);
    namebuf[DIRSIZ] = 0;
    n++;
  }
  close(fd);
  return n;
}

int
main(int argc, char *argv[])
{
  char *p;
  uint64 top;
  int t0;
  struct spinlock lk;
  struct sleeplock slk;
  struct elfhdr eh;

  if(countdir("/") < 2){
    printf("xv6old: cannot list /\n");
    exit(1);
  }
  p = sbrk(PGSIZE);
  if(p == (char*)-1){
    printf("xv6old: sbrk failed\n");
    exit(1);
  }
  memset(p, 'x', PGSIZE);
  top = (uint64)sbrk(0);
  t0 = uptime();
  if(sleep(1) < 0){
    printf("xv6old: sleep failed\n");
    exit(1);
  }
  lk.locked = 0;
  slk.locked = 0;
  eh.magic = ELF_MAGIC;
  printf("xv6old: argc %d %s pg %d dirsiz %d maxpath %d nofile %d write %d %c\n",
         argc, argv[1], PGSIZE, DIRSIZ, MAXPATH, NOFILE, SYS_write, p[PGSIZE-1]);
  printf("xv6old: top %p above p %d slept %d lock %d elf %d console %d\n",
         top, top > (uint64)p, uptime() >= t0, lk.locked + slk.locked,
         eh.magic == ELF_MAGIC, CONSOLE);
  // 2022's ls printed sizes with "%l", which xv6's printf echoes as written.
  printf("xv6old: size %l %q\n", top);
  exit(0);
}
