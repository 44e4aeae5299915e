# Kite: one entry point.  `make qemu` and `make grade` are the two commands a
# new machine needs; both install what is missing first (scripts/deps.sh).
#
#   make            kernel/kernel (+ .asm, .sym), fs.img
#   make qemu       boot Kite in QEMU with a console on this terminal
#   make qemu-gdb   the same, waiting for gdb-multiarch on $(GDBPORT)
#   make ktest      in-kernel self-tests; QEMU exits 0 only if all pass
#   make grade      every test in grade/ (ktest and host tests included);
#                   GRADEFLAGS="NAME... | --list | --quick" to choose
#   make bench      speed figures (see docs/performance.md)
#   make compile_commands.json   every compiler call, for clangd and VS Code
#   make doctor     check this machine; each problem with the command that fixes it
#   make crashtest  every crash state of a recorded workload, checked
#   make deps       install the Debian packages that are missing

CPUS ?= 3
MEM ?= 128M
FSSIZE ?= 131072
BUILD := build

# The RISC-V GCC is looked up while make reads this file, so the goals that
# install what is missing (INSTALL_GOALS) run scripts/deps.sh right here,
# before the lookup: a brand-new machine's first `make qemu` or `make grade`
# then finds the compiler it has just installed.  Any other goal that needs
# the compiler and finds none stops with one line (deps.sh --check) saying
# what is missing and how to install it.
INSTALL_GOALS := qemu qemu-gdb grade ktest bench deps
NOTOOL_GOALS := clean deps print-gdbport print-netport bench-compare doctor
ifneq ($(filter $(INSTALL_GOALS),$(MAKECMDGOALS)),)
$(shell bash scripts/deps.sh >&2)
ifneq ($(.SHELLSTATUS),0)
$(error scripts/deps.sh could not install what Kite needs (see above))
endif
endif
TOOLPREFIX ?= $(shell sh scripts/toolprefix.sh)
ifeq ($(TOOLPREFIX),)
ifneq ($(filter-out $(NOTOOL_GOALS),$(or $(MAKECMDGOALS),all)),)
$(error $(shell bash scripts/deps.sh --check 2>&1))
endif
endif
CC := $(TOOLPREFIX)gcc
LD := $(TOOLPREFIX)ld
OBJCOPY := $(TOOLPREFIX)objcopy
OBJDUMP := $(TOOLPREFIX)objdump
NM := $(TOOLPREFIX)nm
QEMU := qemu-system-riscv64
PYTHON := python3

# Warnings are errors; frame pointers for panic backtraces; kernel stacks are
# small, so large frames are refused.
WARN := -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes -Wshadow \
	-fno-common
RVFLAGS := -march=rv64gc -mabi=lp64d -mcmodel=medany -ffreestanding -fno-builtin \
	-nostdlib -fno-pie -no-pie -fno-stack-protector -fno-omit-frame-pointer -ggdb -gdwarf-4
KCFLAGS := $(WARN) $(RVFLAGS) -O2 -MD -MP -Ikernel -I. -DKITE_KERNEL -Wframe-larger-than=1024 \
	-fno-optimize-sibling-calls -mno-relax

KSRCS := $(shell find kernel -path kernel/test -prune -o \( -name '*.c' -o -name '*.S' \) -print | sort)
TSRCS := $(shell find kernel/test -name '*.c' 2>/dev/null | sort)
KOBJS := $(patsubst %,$(BUILD)/k/%.o,$(KSRCS))
TOBJS := $(patsubst %,$(BUILD)/t/%.o,$(KSRCS) $(TSRCS))

.PHONY: all deps qemu qemu-gdb ktest grade bench clean print-gdbport print-netport backtrace
all: kernel/kernel fs.img

# scripts/deps.sh has already run (above) when deps is a goal.
deps:
	@:

# V=1 shows whole command lines.
ifeq ($(V),1)
Q :=
else
Q := @
endif

$(BUILD)/k/%.c.o: %.c
	@mkdir -p $(dir $@)
	@[ "$(Q)" = "" ] || echo "  CC      $<"
	$(Q)$(CC) $(KCFLAGS) -c -o $@ $<
$(BUILD)/k/%.S.o: %.S
	@mkdir -p $(dir $@)
	@[ "$(Q)" = "" ] || echo "  AS      $<"
	$(Q)$(CC) $(KCFLAGS) -D__ASSEMBLER__ -c -o $@ $<
$(BUILD)/t/%.c.o: %.c
	@mkdir -p $(dir $@)
	@[ "$(Q)" = "" ] || echo "  CC      $< (ktest)"
	$(Q)$(CC) $(KCFLAGS) -DKITE_KTEST -c -o $@ $<
$(BUILD)/t/%.S.o: %.S
	@mkdir -p $(dir $@)
	@[ "$(Q)" = "" ] || echo "  AS      $< (ktest)"
	$(Q)$(CC) $(KCFLAGS) -DKITE_KTEST -D__ASSEMBLER__ -c -o $@ $<

kernel/kernel: $(KOBJS) kernel/kernel.ld
	@echo "  LD      $@ (+ kernel.asm, kernel.sym)"
	$(Q)$(LD) -z max-page-size=4096 -T kernel/kernel.ld -o $@ $(KOBJS)
	$(Q)$(OBJDUMP) -S $@ > kernel/kernel.asm
	$(Q)$(NM) -n $@ > kernel/kernel.sym

$(BUILD)/kernel-ktest: $(TOBJS) kernel/kernel.ld
	@echo "  LD      $@"
	$(Q)$(LD) -z max-page-size=4096 -T kernel/kernel.ld -o $@ $(TOBJS)

-include $(KOBJS:.o=.d) $(TOBJS:.o=.d)

# ---- user programs and the disk image ----
-include user/user.mk

mkfs/mkfs mkfs/fsck: $(wildcard mkfs/*.c mkfs/*.h) kernel/fs.h kernel/param.h kernel/stat.h \
		kernel/fs/sbcheck.c kernel/fs/sbcheck.h
	$(MAKE) -s -C mkfs all

# The disk holds README.md and, as xv6's does, the same text as /README
# (xv6's tests open it).
$(BUILD)/README: README.md
	@mkdir -p $(dir $@)
	cp $< $@

fs.img: mkfs/mkfs README.md $(BUILD)/README $(UPROGS)
	mkfs/mkfs -s $(FSSIZE) $@ README.md $(BUILD)/README $(UPROGS)

# ---- running ----
GDBPORT ?= $(shell expr `id -u` % 5000 + 25000)
QEMUOPTS = -machine virt -bios default -kernel kernel/kernel -m $(MEM) -smp $(CPUS) \
	-nographic -global virtio-mmio.force-legacy=false
# cache=writeback (QEMU's default, said out loud): the disk has a volatile
# write cache, and Kite's log sends the flushes it needs (fs/log.c).
# FSIMG: another disk image, e.g. one the crash explorer kept (make crashtest).
FSIMG ?= fs.img
QEMUDISK = -drive file=$(FSIMG),if=none,format=raw,id=x0,cache=writeback \
	-device virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0

# The network (on by default; NET=0 leaves it out): QEMU's user network,
# restricted to the host (restrict=on: no route anywhere else).  The host's
# 127.0.0.1:$(NETPORT) reaches the guest's TCP port 80 and
# 127.0.0.1:$(NETPORT)+1 its UDP port 2000.
NET ?= 1
NETPORT ?= $(shell expr `id -u` % 5000 + 30000)
QEMUNET_1 = -netdev user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$(NETPORT)-:80,hostfwd=udp:127.0.0.1:$(shell expr $(NETPORT) + 1)-:2000 \
	-device virtio-net-device,netdev=n0,bus=virtio-mmio-bus.1 \
	$(if $(PCAP),-object filter-dump$(comma)id=dump0$(comma)netdev=n0$(comma)file=$(PCAP))
QEMUNET = $(QEMUNET_$(NET))
# PCAP=file.pcap (with NET=1): record every frame to and from the card
# (QEMU's filter-dump), for tcpdump -r or Wireshark.
comma := ,

# QEMUEXTRA: more QEMU arguments, e.g. QEMUEXTRA='-append "tick_hz=250"'.
qemu: kernel/kernel fs.img
	$(QEMU) $(QEMUOPTS) $(QEMUDISK) $(QEMUNET) $(QEMUEXTRA)

# .gdbinit is .gdbinit.tmpl with this port in place of ":1234" (written
# anew by each qemu-gdb, so that a changed GDBPORT is never stale).
.gdbinit: .gdbinit.tmpl
	sed "s/:1234/:$(GDBPORT)/" < $< > $@

# The stub listens on GDBPORT, or the next free port if another user has it.
qemu-gdb: kernel/kernel fs.img
	@port=$$($(PYTHON) scripts/freeport.py $(GDBPORT)) || exit 1; \
	sed "s/:1234/:$$port/" < .gdbinit.tmpl > .gdbinit; \
	echo "*** Now run 'gdb-multiarch -x .gdbinit' in this directory (port $$port)." 1>&2; \
	echo "*** In gdb: trace-traps N, kite-csrs, kite-hart N (see .gdbinit.tmpl)." 1>&2; \
	echo "$(QEMU) $(QEMUOPTS) $(QEMUDISK) -S -gdb tcp::$$port"; \
	exec $(QEMU) $(QEMUOPTS) $(QEMUDISK) -S -gdb tcp::$$port

print-gdbport:
	@echo $(GDBPORT)

print-netport:
	@echo $(NETPORT)

# Turn the return addresses of a panic backtrace into function names:
#   make backtrace ADDRS="0x80201234 0x80205678"
#   scripts/backtrace.sh < console.log       (picks the addresses out of a panic)
backtrace:
	@scripts/backtrace.sh kernel/kernel $(ADDRS)

# ---- tests ----
# The self-tests write to the disk: they get a scratch copy of fs.img.
KTESTIMG := $(BUILD)/ktest-fs.img
KTESTDISK = -drive file=$(KTESTIMG),if=none,format=raw,id=x0,cache=writeback \
	-device virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0
ktest: $(BUILD)/kernel-ktest fs.img
	@mkdir -p $(BUILD)
	cp --sparse=always fs.img $(KTESTIMG)
	$(QEMU) -machine virt -bios default -kernel $(BUILD)/kernel-ktest -m $(MEM) -smp $(CPUS) \
		-nographic -global virtio-mmio.force-legacy=false $(KTESTDISK) $(KTESTARGS)

grade: all $(BUILD)/kernel-ktest
	@$(PYTHON) grade/grade.py $(GRADEFLAGS)

# Every crash state of a recorded workload, checked (scripts/crashcheck.py):
# make crashtest [CRASHFLAGS="--states 5000 --seed 7"]
crashtest: all
	@$(PYTHON) scripts/crashcheck.py --states 3000 --boots 10 $(CRASHFLAGS)
.PHONY: crashtest

# make bench [CPUS=n] [MEM=m] [BENCHFLAGS="--quick" or "--only NAME N"]
bench: all
	@$(PYTHON) scripts/bench.py --cpus $(CPUS) --mem $(MEM) $(BENCHFLAGS)

# make bench-compare A=bench/cpus1.json B=bench/cpus3.json
doctor:
	@bash scripts/doctor.sh
.PHONY: doctor

# From the Makefile's own commands (make -Bn), so it needs no bear.
compile_commands.json:
	$(Q)$(PYTHON) scripts/compile_commands.py
.PHONY: compile_commands.json

bench-compare:
	@[ -n "$(A)" ] && [ -n "$(B)" ] || { echo "usage: make bench-compare A=file1.json B=file2.json" >&2; exit 2; }
	@$(PYTHON) scripts/bench.py --compare $(A) $(B)
.PHONY: bench-compare

clean:
	rm -rf $(BUILD) kernel/kernel kernel/kernel.asm kernel/kernel.sym fs.img .gdbinit
	$(MAKE) -s -C mkfs clean || true
