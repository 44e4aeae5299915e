/*
 * elf.h: the parts of the ELF-64 format (System V ABI, "ELF-64 Object File
 * Format") that exec needs.  Shared with user programs (usertests writes
 * broken executables with these layouts to check that exec refuses them).
 */
#ifndef KITE_PROC_ELF_H
#define KITE_PROC_ELF_H

#include "types.h"

#define ELF_MAGIC 0x464C457FU /* "\x7fELF" read as a little-endian word */
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EV_CURRENT 1
#define ET_EXEC 2
#define EM_RISCV 243

#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6

struct elfhdr {
	uint32 magic;
	uint8 ident[12];
	uint16 type;
	uint16 machine;
	uint32 version;
	uint64 entry;
	uint64 phoff;
	uint64 shoff;
	uint32 flags;
	uint16 ehsize;
	uint16 phentsize;
	uint16 phnum;
	uint16 shentsize;
	uint16 shnum;
	uint16 shstrndx;
};

#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4

struct proghdr {
	uint32 type;
	uint32 flags;
	uint64 off;
	uint64 vaddr;
	uint64 paddr;
	uint64 filesz;
	uint64 memsz;
	uint64 align;
};

_Static_assert(sizeof(struct elfhdr) == 64, "ELF-64 header");
_Static_assert(sizeof(struct proghdr) == 56, "ELF-64 program header");

#endif
