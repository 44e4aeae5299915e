# user/user.mk: the user library and programs, included by the top Makefile
# (which provides CC, LD, OBJDUMP, WARN, RVFLAGS, TOOLPREFIX and BUILD).
#
# Every user/NAME.c is a program: it becomes $(BUILD)/user/_NAME, linked
# with the library built from user/lib/ (plus the generated system-call
# stubs), and mkfs puts it on the disk as /NAME.  So is every directory
# user/NAME/ (other than user/lib/): its *.c files are compiled to
# $(BUILD)/user/NAME/*.o and linked together into $(BUILD)/user/_NAME.
# Headers private to such a program live in its directory and are included
# as "name.h".  A new program, of either kind, needs no edit here.

UCFLAGS := $(WARN) $(RVFLAGS) -O2 -MD -MP -I.
ULDFLAGS := -z max-page-size=4096 -T user/user.ld
UAR := $(TOOLPREFIX)ar

UPROG_SRCS := $(sort $(wildcard user/*.c))
UPROG_OBJS := $(patsubst user/%.c,$(BUILD)/user/%.o,$(UPROG_SRCS))

# Directory programs: the names of the directories holding a .c file.
UDIR_NAMES := $(filter-out lib,$(sort $(patsubst user/%/,%,$(dir $(wildcard user/*/*.c)))))
UDIR_CLASH := $(filter $(UDIR_NAMES),$(patsubst user/%.c,%,$(UPROG_SRCS)))
ifneq ($(UDIR_CLASH),)
$(error $(foreach n,$(UDIR_CLASH),user/$(n).c and user/$(n)/ both make program $(n);) keep only one of each)
endif
UDIR_PROGS := $(patsubst %,$(BUILD)/user/_%,$(UDIR_NAMES))

UPROGS := $(sort $(patsubst user/%.c,$(BUILD)/user/_%,$(UPROG_SRCS)) $(UDIR_PROGS))

# crt0 (the entry point) is linked first and explicitly; everything else
# goes in an archive so a program only pulls in what it uses.
UCRT0 := $(BUILD)/user/lib/crt0.o
ULIB_SRCS := $(sort $(wildcard user/lib/*.c))
ULIB_OBJS := $(patsubst user/lib/%.c,$(BUILD)/user/lib/%.o,$(ULIB_SRCS)) $(BUILD)/user/usys.o
ULIB := $(BUILD)/user/libkite.a

# Keep the objects between builds (they would otherwise be intermediates).
# Not the directory programs' objects: they are named as prerequisites, so
# they are kept anyway, and a missing one is always rebuilt.
.SECONDARY: $(UPROG_OBJS) $(ULIB_OBJS) $(UCRT0) $(BUILD)/user/usys.S

$(BUILD)/user/usys.S: kernel/syscall.h user/lib/gen_usys.sh
	@mkdir -p $(dir $@)
	@[ "$(Q)" = "" ] || echo "  GEN     $@"
	$(Q)sh user/lib/gen_usys.sh kernel/syscall.h > $@.tmp && mv $@.tmp $@

$(BUILD)/user/usys.o: $(BUILD)/user/usys.S
	$(Q)$(CC) $(UCFLAGS) -c -o $@ $<

$(BUILD)/user/lib/%.o: user/lib/%.c
	@mkdir -p $(dir $@)
	@[ "$(Q)" = "" ] || echo "  CC      $<"
	$(Q)$(CC) $(UCFLAGS) -c -o $@ $<

$(BUILD)/user/lib/%.o: user/lib/%.S
	@mkdir -p $(dir $@)
	@[ "$(Q)" = "" ] || echo "  AS      $<"
	$(Q)$(CC) $(UCFLAGS) -c -o $@ $<

$(ULIB): $(ULIB_OBJS)
	@rm -f $@
	$(Q)$(UAR) rcs $@ $(ULIB_OBJS)

$(BUILD)/user/%.o: user/%.c
	@mkdir -p $(dir $@)
	@[ "$(Q)" = "" ] || echo "  CC      $<"
	$(Q)$(CC) $(UCFLAGS) -c -o $@ $<

$(BUILD)/user/_%: $(BUILD)/user/%.o $(UCRT0) $(ULIB) user/user.ld
	@[ "$(Q)" = "" ] || echo "  LD      $@"
	$(Q)$(LD) $(ULDFLAGS) -o $@ $(UCRT0) $< $(ULIB)
	$(Q)$(OBJDUMP) -S $@ > $(BUILD)/user/$*.asm

# A directory program depends on the objects of its directory (one line per
# program, generated), then links them like a one-file program.  The
# compile rule above already builds user/NAME/x.c into $(BUILD)/user/NAME/x.o.
$(foreach d,$(UDIR_NAMES),$(eval $(BUILD)/user/_$(d): $(patsubst user/%.c,$(BUILD)/user/%.o,$(wildcard user/$(d)/*.c))))
$(UDIR_PROGS): $(BUILD)/user/_%: $(UCRT0) $(ULIB) user/user.ld
	@[ "$(Q)" = "" ] || echo "  LD      $@"
	$(Q)$(LD) $(ULDFLAGS) -o $@ $(UCRT0) $(filter $(BUILD)/user/$*/%.o,$^) $(ULIB)
	$(Q)$(OBJDUMP) -S $@ > $(BUILD)/user/$*.asm

-include $(wildcard $(BUILD)/user/*.d $(BUILD)/user/*/*.d)
