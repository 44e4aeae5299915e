# user/user.mk: the user library and programs, included by the top Makefile
# (which provides CC, LD, OBJDUMP, WARN, RVFLAGS, TOOLPREFIX and BUILD).
#
# Every user/NAME.c is a program: it becomes $(BUILD)/user/_NAME, linked
# with the library built from user/lib/ (plus the generated system-call
# stubs), and mkfs puts it on the disk as /NAME.  A new program needs no
# edit here.

UCFLAGS := $(WARN) $(RVFLAGS) -O2 -MD -MP -I.
ULDFLAGS := -z max-page-size=4096 -T user/user.ld
UAR := $(TOOLPREFIX)ar

UPROG_SRCS := $(sort $(wildcard user/*.c))
UPROGS := $(patsubst user/%.c,$(BUILD)/user/_%,$(UPROG_SRCS))
UPROG_OBJS := $(patsubst user/%.c,$(BUILD)/user/%.o,$(UPROG_SRCS))

# crt0 (the entry point) is linked first and explicitly; everything else
# goes in an archive so a program only pulls in what it uses.
UCRT0 := $(BUILD)/user/lib/crt0.o
ULIB_SRCS := $(sort $(wildcard user/lib/*.c))
ULIB_OBJS := $(patsubst user/lib/%.c,$(BUILD)/user/lib/%.o,$(ULIB_SRCS)) $(BUILD)/user/usys.o
ULIB := $(BUILD)/user/libkite.a

# Keep the objects between builds (they would otherwise be intermediates).
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

-include $(wildcard $(BUILD)/user/*.d $(BUILD)/user/lib/*.d)
