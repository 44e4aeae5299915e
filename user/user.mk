# user/user.mk: the user library and programs, included by the top Makefile
# (which provides CC, LD, OBJDUMP, WARN, RVFLAGS, TOOLPREFIX and BUILD).
#
# Two kinds of program, told apart by where they live:
#
#   user/cmd/NAME.c, user/cmd/NAME/*.c   Kite's own programs, built with
#                                        Kite's strict warnings (WARN)
#   user/NAME.c, user/NAME/*.c           any other program: one written for
#                                        xv6-riscv or a 6.1810 lab, or your
#                                        own, built with xv6's warning level
#                                        (-Wall -Werror), unchanged
#
# Each becomes $(BUILD)/user/_NAME, linked with the library built from
# user/lib/ (plus the generated system-call stubs), and mkfs puts it on the
# disk as /NAME.  A directory program's *.c files are linked together; its
# private headers live beside them and are included as "name.h".  A program
# dropped into user/ replaces Kite's program of the same name (xv6's
# usertests.c replaces user/cmd/usertests/), with a note at each build.  A
# user/NAME.c without main() is linked into user/'s programs instead (below).
# No new program needs an edit here.

# Kite's kernel headers include each other relative to kernel/ (the kernel
# is built with -Ikernel); the xv6-compatible ones at kernel/*.h pull them
# in, so user code searches kernel/ too, last, after everything else.
UINC := -I. -idirafter kernel
UCFLAGS := $(WARN) $(RVFLAGS) -O2 -MD -MP $(UINC)
# xv6-riscv's own flags for its user programs: -Wall -Werror at -O.  No
# format checking, because xv6's 2022 programs pass a uint64 to %p (its
# printf was not format-checked then); -Wno-main as current xv6 has; and
# not GCC 12's -Winfinite-recursion, newer than the 2022 sh.c it rejects.
XV6_UCFLAGS := -Wall -Werror -Wno-main -Wno-format -Wno-infinite-recursion \
	$(RVFLAGS) -O -MD -MP $(UINC)
ULDFLAGS := -z max-page-size=4096 -T user/user.ld
UAR := $(TOOLPREFIX)ar

# Names of the one-file programs and of the directories holding a .c file.
prog_files = $(patsubst $(1)/%.c,%,$(wildcard $(1)/*.c))
prog_dirs = $(filter-out $(2),$(patsubst $(1)/%/,%,$(sort $(dir $(wildcard $(1)/*/*.c)))))
# One name must not be both NAME.c and NAME/ in the same place.
check_clash = $(foreach n,$(filter $(2),$(3)),$(error $(1)/$(n).c and $(1)/$(n)/ both make program $(n); keep only one))

OWN_FILES := $(call prog_files,user/cmd)
OWN_DIRS := $(call prog_dirs,user/cmd,)
# A user/NAME.c that defines no main() is a library file (the lock lab's
# statistics.c): it goes into an archive linked into every program from
# user/, as the labs' Makefiles add such files to their library.  A
# definition is main( at the start of a line, after int or void or not.
MAIN_RE := ^((int|void)[[:space:]]+)?main[[:space:]]*[(]
XV6_LIB_SRCS := $(filter user/%,$(shell grep -L -E '$(MAIN_RE)' /dev/null $(wildcard user/*.c)))
XV6_LIB_OBJS := $(patsubst user/%.c,$(BUILD)/user/%.o,$(XV6_LIB_SRCS))
XV6_LIB := $(BUILD)/user/libxv6extra.a
XV6_FILES := $(filter-out $(patsubst user/%.c,%,$(XV6_LIB_SRCS)),$(call prog_files,user))
XV6_DIRS := $(call prog_dirs,user,lib cmd)
$(call check_clash,user/cmd,$(OWN_FILES),$(OWN_DIRS))
$(call check_clash,user,$(XV6_FILES),$(XV6_DIRS))

XV6_NAMES := $(XV6_FILES) $(XV6_DIRS)
REPLACED := $(filter $(XV6_NAMES),$(OWN_FILES) $(OWN_DIRS))
$(foreach n,$(REPLACED),$(info note: user/$(n) replaces Kite's program user/cmd/$(n)))
OWN_NAMES := $(filter-out $(REPLACED),$(OWN_FILES) $(OWN_DIRS))
# When that list or the set of library files changes (a dropped-in file
# comes or goes), every program is linked again, so that /NAME is made from
# the objects that win now even where they are older than the last link.
UREPLACED := $(BUILD)/user/replaced
$(shell mkdir -p $(BUILD)/user; [ -f $(UREPLACED) ] && [ "$$(cat $(UREPLACED))" = "$(REPLACED) | $(XV6_LIB_SRCS)" ] || \
	echo "$(REPLACED) | $(XV6_LIB_SRCS)" > $(UREPLACED))

# The objects of program NAME, from the place its source is in (a
# directory program of Kite's may have assembly files too).
prog_objs = $(patsubst user/%.S,$(BUILD)/user/%.o,$(patsubst user/%.c,$(BUILD)/user/%.o,$(or \
	$(wildcard user/$(1).c),$(wildcard user/$(1)/*.c),\
	$(wildcard user/cmd/$(1).c),$(wildcard user/cmd/$(1)/*.c) $(wildcard user/cmd/$(1)/*.S))))

UPROGS := $(sort $(patsubst %,$(BUILD)/user/_%,$(XV6_NAMES) $(OWN_NAMES)))
UPROG_OBJS := $(foreach n,$(XV6_NAMES) $(OWN_NAMES),$(call prog_objs,$(n)))

# crt0 (the entry point) is linked first and explicitly; everything else
# goes in an archive so a program only pulls in what it uses.
UCRT0 := $(BUILD)/user/lib/crt0.o
ULIB_SRCS := $(sort $(wildcard user/lib/*.c))
ULIB_OBJS := $(patsubst user/lib/%.c,$(BUILD)/user/lib/%.o,$(ULIB_SRCS)) $(BUILD)/user/usys.o
ULIB := $(BUILD)/user/libkite.a

# Keep the objects between builds (they would otherwise be intermediates).
.SECONDARY: $(UPROG_OBJS) $(ULIB_OBJS) $(XV6_LIB_OBJS) $(UCRT0) $(BUILD)/user/usys.S

$(BUILD)/user/usys.S: kernel/abi/syscall.h user/lib/gen_usys.sh
	@mkdir -p $(dir $@)
	@[ "$(Q)" = "" ] || echo "  GEN     $@"
	$(Q)sh user/lib/gen_usys.sh kernel/abi/syscall.h > $@.tmp && mv $@.tmp $@

$(BUILD)/user/usys.o: $(BUILD)/user/usys.S
	$(Q)$(CC) $(UCFLAGS) -c -o $@ $<

# The library and Kite's programs: strict.  (Where two pattern rules match,
# make takes the one with the shorter stem, so these win over the xv6 rule
# below for files under user/lib/ and user/cmd/.)
$(BUILD)/user/lib/%.o: user/lib/%.c
	@mkdir -p $(dir $@)
	@[ "$(Q)" = "" ] || echo "  CC      $<"
	$(Q)$(CC) $(UCFLAGS) -c -o $@ $<

$(BUILD)/user/lib/%.o: user/lib/%.S
	@mkdir -p $(dir $@)
	@[ "$(Q)" = "" ] || echo "  AS      $<"
	$(Q)$(CC) $(UCFLAGS) -c -o $@ $<

$(BUILD)/user/cmd/%.o: user/cmd/%.c
	@mkdir -p $(dir $@)
	@[ "$(Q)" = "" ] || echo "  CC      $<"
	$(Q)$(CC) $(UCFLAGS) -c -o $@ $<

$(BUILD)/user/cmd/%.o: user/cmd/%.S
	@mkdir -p $(dir $@)
	@[ "$(Q)" = "" ] || echo "  AS      $<"
	$(Q)$(CC) $(UCFLAGS) -c -o $@ $<

# Every other program: xv6's flags.
$(BUILD)/user/%.o: user/%.c
	@mkdir -p $(dir $@)
	@[ "$(Q)" = "" ] || echo "  CC      $< (xv6 flags)"
	$(Q)$(CC) $(XV6_UCFLAGS) -c -o $@ $<

$(ULIB): $(ULIB_OBJS)
	@rm -f $@
	$(Q)$(UAR) rcs $@ $(ULIB_OBJS)

# The archive of user/'s library files (empty when there are none); it is
# remade when that set changes, through $(UREPLACED)'s relink of everything.
$(XV6_LIB): $(XV6_LIB_OBJS) $(UREPLACED)
	@rm -f $@
	$(Q)$(UAR) rcs $@ $(XV6_LIB_OBJS)

# Each program depends on its own objects (one generated line per program);
# one rule links them all.
$(foreach n,$(XV6_NAMES) $(OWN_NAMES),$(eval $(BUILD)/user/_$(n): $(call prog_objs,$(n))))
$(UPROGS): $(BUILD)/user/_%: $(UCRT0) $(ULIB) $(XV6_LIB) user/user.ld $(UREPLACED)
	@[ "$(Q)" = "" ] || echo "  LD      $@"
	$(Q)$(LD) $(ULDFLAGS) -o $@ $(UCRT0) $(filter-out $(UCRT0) $(ULIB) $(XV6_LIB) user/user.ld $(UREPLACED),$^) \
		$(if $(filter $*,$(XV6_NAMES)),$(XV6_LIB)) $(ULIB)
	$(Q)$(OBJDUMP) -S $@ > $(BUILD)/user/$*.asm

-include $(wildcard $(BUILD)/user/*.d $(BUILD)/user/*/*.d $(BUILD)/user/cmd/*/*.d)
