/*
 * xv6compat: a program written the way xv6-riscv programs are, including
 * every header such programs include, to show that they compile and run
 * unchanged on Kite (grade test xv6_compat).
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/syscall.h"
#include "user/user.h"

int
main(int argc, char *argv[])
{
  char buf[512], *p;
  int fd, n, entries = 0;
  struct dirent de;
  struct stat st;

  if((fd = open(".", O_RDONLY)) < 0){
    fprintf(2, "xv6compat: cannot open .\n");
    exit(1);
  }
  if(fstat(fd, &st) < 0 || st.type != T_DIR){
    fprintf(2, "xv6compat: . is not a directory\n");
    exit(1);
  }
  while(read(fd, &de, sizeof(de)) == sizeof(de)){
    if(de.inum == 0)
      continue;
    memmove(buf, de.name, DIRSIZ);
    buf[DIRSIZ] = 0;
    entries++;
  }
  close(fd);

  p = sbrk(PGSIZE);
  if(p == (char*)-1){
    fprintf(2, "xv6compat: sbrk failed\n");
    exit(1);
  }
  memset(p, 'x', PGSIZE);
  n = strlen("kite");
  printf("xv6compat: argc %d entries>0 %d pgsize %d maxpath %d dirsiz %d n %d %s %c %x\n",
         argc, entries > 0, PGSIZE, MAXPATH, DIRSIZ, n, argv[0], p[PGSIZE-1], SYS_write);
  printf("xv6compat: trampoline %p below maxva %d\n", (void*)TRAMPOLINE, TRAMPOLINE < MAXVA);
  exit(0);
}
