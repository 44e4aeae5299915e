# Kite: one entry point.  `make qemu` and `make grade` are the two commands a
# new machine needs; both install what is missing first (scripts/deps.sh).
#
#   make            kernel/kernel (+ .asm, .sym), fs.img (made once, then
#                   kept: only new and changed programs go into it)
#   make qemu       boot Kite in QEMU with a console on this terminal
#   make qemu-gdb   the same, waiting for gdb-multiarch on $(GDBPORT)
#   make ktest      in-kernel self-tests; QEMU exits 0 only if all pass
#   make grade      every test in grade/ (ktest and host tests included);
#                   GRADEFLAGS="NAME... | --list | --quick" to choose
#   make bench      speed figures (see docs/performance.md)
#   make bench-compare A=old.json B=new.json   two runs: a table and bench/compare.svg
#   make compile_commands.json   every compiler call, for clangd and VS Code
#   make format     lay out every C file as .clang-format says (grade test format checks)
#   make doctor     check this machine; each problem with the command that fixes it
#   make crashtest  every crash state of a recorded workload, checked
#   make fuzz       the system-call fuzzer for SECONDS on the checking kernel
#   make deps       install the Debian packages that are missing
#   make demo       record the scripted session: docs/demo.cast, docs/demo.svg
#   make clean-disk a new fs.img

CPUS ?= 3
MEM ?= 128M
FSSIZE ?= 131072
# The disk image the build makes and keeps up to date (see fs.img below).
DISK ?= fs.img
BUILD := build
# The grade tests' pristine disk (made below).
GRADEDISK := $(BUILD)/grade-fs.img

# The RISC-V GCC is looked up while make reads this file, so the goals that
# install what is missing (INSTALL_GOALS) run scripts/deps.sh right here,
# before the lookup: a brand-new machine's first `make qemu` or `make grade`
# then finds the compiler it has just installed.  Any other goal that needs
# the compiler and finds none stops with one line (deps.sh --check) saying
# what is missing and how to install it.
INSTALL_GOALS := qemu qemu-gdb grade ktest bench deps demo
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
# Checking kernels: the self-test kernel, and build/kernel-kchecks (the
# normal kernel with the checks, for the fuzzer): lock-order checking
# (sync/lockdep.h) and poisoned free memory (mm/poison.h).
KCHECKFLAGS := -DKITE_KCHECKS
COBJS := $(patsubst %,$(BUILD)/c/%.o,$(KSRCS))

.PHONY: all deps qemu qemu-gdb ktest grade bench clean print-gdbport print-netport backtrace
all: kernel/kernel $(DISK) $(GRADEDISK)

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
	$(Q)$(CC) $(KCFLAGS) -DKITE_KTEST $(KCHECKFLAGS) -c -o $@ $<
$(BUILD)/t/%.S.o: %.S
	@mkdir -p $(dir $@)
	@[ "$(Q)" = "" ] || echo "  AS      $< (ktest)"
	$(Q)$(CC) $(KCFLAGS) -DKITE_KTEST $(KCHECKFLAGS) -D__ASSEMBLER__ -c -o $@ $<

kernel/kernel: $(KOBJS) kernel/kernel.ld
	@echo "  LD      $@ (+ kernel.asm, kernel.sym)"
	$(Q)$(LD) -z max-page-size=4096 -T kernel/kernel.ld -o $@ $(KOBJS)
	$(Q)$(OBJDUMP) -S $@ > kernel/kernel.asm
	$(Q)$(NM) -n $@ > kernel/kernel.sym

$(BUILD)/kernel-ktest: $(TOBJS) kernel/kernel.ld
	@echo "  LD      $@"
	$(Q)$(LD) -z max-page-size=4096 -T kernel/kernel.ld -o $@ $(TOBJS)

$(BUILD)/c/%.c.o: %.c
	@mkdir -p $(dir $@)
	@[ "$(Q)" = "" ] || echo "  CC      $< (kchecks)"
	$(Q)$(CC) $(KCFLAGS) $(KCHECKFLAGS) -c -o $@ $<
$(BUILD)/c/%.S.o: %.S
	@mkdir -p $(dir $@)
	@[ "$(Q)" = "" ] || echo "  AS      $< (kchecks)"
	$(Q)$(CC) $(KCFLAGS) $(KCHECKFLAGS) -D__ASSEMBLER__ -c -o $@ $<

$(BUILD)/kernel-kchecks: $(COBJS) kernel/kernel.ld
	@echo "  LD      $@"
	$(Q)$(LD) -z max-page-size=4096 -T kernel/kernel.ld -o $@ $(COBJS)

-include $(KOBJS:.o=.d) $(TOBJS:.o=.d) $(COBJS:.o=.d)

# ---- user programs and the disk image ----
-include user/user.mk

mkfs/mkfs mkfs/fsck mkfs/fsupdate: $(wildcard mkfs/*.c mkfs/*.h) kernel/abi/fs.h kernel/abi/param.h kernel/abi/stat.h \
		kernel/fs/sbcheck.c kernel/fs/sbcheck.h
	$(MAKE) -s -C mkfs all

# The disk holds README.md and, as xv6's does, the same text as /README
# (xv6's tests open it).
$(BUILD)/README: README.md
	@mkdir -p $(dir $@)
	cp $< $@

# fs.img is made once and then kept, so that files made inside Kite are
# not lost by a rebuild: afterwards only new and changed files go into it
# (mkfs/fsupdate, through Kite's on-disk format), everything else on it
# stays.  fsck checks it first; an image with problems, a log to replay or
# another size than FSSIZE is refused with the way out, and one in another
# Kite's disk format (fsck's exit status 3) is moved to fs.img.old and
# replaced by a new one, since no update can convert it.  `make clean-disk`
# makes a new one.  DISK: another image to make or keep up to date the
# same way (the grade tests use their own; set at the top).
DISKFILES = README.md $(BUILD)/README $(UPROGS)
# Never deleted by make, not even when a build is interrupted.
.PRECIOUS: $(DISK)
$(DISK): mkfs/mkfs mkfs/fsck mkfs/fsupdate $(DISKFILES)
	@st=new; \
	if [ -e $@ ]; then mkfs/fsck $@ > $(BUILD)/fsck-$(notdir $@).out 2>&1; st=$$?; fi; \
	if [ $$st = 3 ]; then \
		mv -f $@ $@.old; st=new; \
		echo "$@ was made by a Kite with another disk format: it is kept as $@.old" \
			"(read it with that Kite), and a new $@ is made"; \
	fi; \
	if [ $$st = new ]; then \
		echo "mkfs/mkfs -s $(FSSIZE) $@ $(DISKFILES)"; \
		mkfs/mkfs -s $(FSSIZE) $@ $(DISKFILES); \
	elif [ $$st != 0 ]; then \
		cat $(BUILD)/fsck-$(notdir $@).out; \
		echo "$@ has the problems above, so it is not updated: 'mkfs/fsck -y $@'" \
			"repairs it, 'make clean-disk' makes a new one (what was made inside Kite is lost)" >&2; \
		exit 1; \
	elif mkfs/fsupdate -s $(FSSIZE) $@ $(DISKFILES); then \
		touch $@; \
		echo "$@ kept: files made inside Kite stay on it ('make clean-disk' makes a new one)"; \
	else \
		echo "$@ not updated (see above); 'make clean-disk' makes a new one" \
			"(what was made inside Kite is lost)" >&2; \
		exit 1; \
	fi

# A new disk: the old one and everything made on it inside Kite is gone.
# The grade tests' disk: made anew by mkfs whenever a file on it changes and
# never written by QEMU (each test boots a copy), so what someone made inside
# Kite on fs.img never changes what a test sees.
$(GRADEDISK): mkfs/mkfs $(DISKFILES)
	@mkdir -p $(dir $@)
	@rm -f $@
	$(Q)mkfs/mkfs -s $(FSSIZE) $@ $(DISKFILES) > /dev/null

clean-disk:
	rm -f $(DISK)
	$(MAKE) -s $(DISK)
.PHONY: clean-disk

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
grade: $(BUILD)/kernel-kchecks

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

# The table, then the two runs side by side as a chart (scripts/bench_chart.py).
CHART ?= bench/compare.svg
bench-compare:
	@[ -n "$(A)" ] && [ -n "$(B)" ] || { echo "usage: make bench-compare A=file1.json B=file2.json [CHART=out.svg]" >&2; exit 2; }
	@$(PYTHON) scripts/bench.py --compare $(A) $(B)
	@$(PYTHON) scripts/bench_chart.py $(A) $(B) -o $(CHART)
.PHONY: bench-compare

# make demo: scripts/demo.py's session, recorded with asciinema into
# docs/demo.cast and drawn by svg-term into docs/demo.svg.  Installs the
# two first if missing (scripts/deps.sh --demo); nothing else needs them.
# The session runs on a new image of its own (build/demo.img), never on
# fs.img and what was made on it, so that each recording is the same.
DEMO_COLS := 100
DEMO_ROWS := 32
DEMOIMG := $(BUILD)/demo.img
demo: kernel/kernel
	@bash scripts/deps.sh --demo
	@rm -f $(BUILD)/demo.ok $(DEMOIMG)
	$(Q)$(MAKE) -s DISK=$(DEMOIMG) $(DEMOIMG) > /dev/null
	asciinema rec --overwrite -q --cols $(DEMO_COLS) --rows $(DEMO_ROWS) -i 2 -t Kite \
		-c "$(PYTHON) scripts/demo.py --disk $(DEMOIMG) && touch $(BUILD)/demo.ok" docs/demo.cast
	@[ -e $(BUILD)/demo.ok ] || { echo "make demo: the session failed (see above)" >&2; exit 1; }
	svg-term --in docs/demo.cast --out docs/demo.svg --window --no-cursor \
		--width $(DEMO_COLS) --height $(DEMO_ROWS)
	@echo "docs/demo.cast and docs/demo.svg written ('asciinema play docs/demo.cast' replays it)"
.PHONY: demo

clean:
	rm -rf $(BUILD) kernel/kernel kernel/kernel.asm kernel/kernel.sym .gdbinit
	@echo "fs.img kept ('make clean-disk' makes a new one)"
	$(MAKE) -s -C mkfs clean || true

# The system-call fuzzer for SECONDS on the checking kernel (scripts/fuzz.py):
# make fuzz SECONDS=600 [FUZZFLAGS="--calls 3000 --seed 7"]
SECONDS ?= 300
fuzz: all $(BUILD)/kernel-kchecks
	@$(PYTHON) scripts/fuzz.py --seconds $(SECONDS) --cpus $(CPUS) --mem $(MEM) $(FUZZFLAGS)
.PHONY: fuzz

# Every C file of Kite's, laid out as .clang-format says (grade test `format`).
FORMAT_FILES = $(shell find kernel user mkfs hosttest -name '*.[ch]' | sort)
format:
	clang-format -i $(FORMAT_FILES)
.PHONY: format
