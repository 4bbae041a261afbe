# kvm.mk: libreswan's make targets on top of kvmrunner. Include it from a Makefile, or use the
# Makefile at the top of kvmrunner's tree:
#
#   make kvm-test                          run the suite (KVM_SUITE)
#   make kvm-test KVM_WORKERS=2 KVM_PREFIXES='a. b.'
#   make kvm-install / make kvm-uninstall  create / remove the domain groups of KVM_PREFIXES; kvm-install
#                                          also runs the suite's [install] script (qemu) when the source
#                                          (KVM_SOURCEDIR) or the image changed, and says when it skips it
#   make kvmsh-a.east                      a shell in domain a.east, booted first when it is not running
#                                          (KVMSH_COMMAND='...' runs one command;
#                                          make expands $, so write $$ for the shell's $)
#   make kvm-doctor                        what the backends need and how to install it
#
# Settings, from the command line, the environment or Makefile.inc.local (in the directory make
# runs in, as in libreswan):
#   KVM_SUITE      the suite directory (default: examples/netns beside this file)
#   KVM_BACKEND    process, netns, ... (default: the suite's kvmrunner.toml)
#   KVM_WORKERS    boot pool size (default: kvmrunner's, 1)
#   KVM_PREFIXES   domain group prefixes, space separated, '' for the empty one; KVM_PREFIX is
#                  the older spelling (default: a single '')
#   KVM_TEST_FLAGS more flags for kvmrunner run, e.g. --test-name 'ping'
#   KVMRUNNER      the launcher (default: kvmrunner beside this file's directory)

KVM_MK_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))

-include Makefile.inc.local

KVMRUNNER ?= $(abspath $(KVM_MK_DIR)/../kvmrunner)
KVM_SUITE ?= $(abspath $(KVM_MK_DIR)/../examples/netns)
KVM_PREFIXES ?= $(KVM_PREFIX)

# Each setting becomes a flag only when it is set, so kvmrunner's own defaults apply otherwise.
KVM_BACKEND_FLAG = $(if $(strip $(KVM_BACKEND)),--backend $(KVM_BACKEND))
KVM_WORKERS_FLAG = $(if $(strip $(KVM_WORKERS)),--workers $(KVM_WORKERS))
KVM_PREFIX_FLAGS = $(foreach prefix,$(KVM_PREFIXES),--prefix $(prefix))

.PHONY: kvm-test kvm-install kvm-uninstall kvm-doctor kvm-help

kvm-test:
	$(KVMRUNNER) run $(KVM_BACKEND_FLAG) $(KVM_WORKERS_FLAG) $(KVM_PREFIX_FLAGS) $(KVM_TEST_FLAGS) $(KVM_SUITE)

kvm-install:
	$(KVMRUNNER) install --suite $(KVM_SUITE) $(KVM_BACKEND_FLAG) $(KVM_PREFIX_FLAGS)

kvm-uninstall:
	$(KVMRUNNER) uninstall --suite $(KVM_SUITE) $(KVM_BACKEND_FLAG) $(KVM_PREFIX_FLAGS)

kvm-doctor:
	$(KVMRUNNER) doctor

# kvmsh-east, kvmsh-a.east: a shell in that domain; KVMSH_COMMAND runs one command instead.
kvmsh-%:
	$(KVMRUNNER) sh --suite $(KVM_SUITE) $(KVM_BACKEND_FLAG) $* $(if $(strip $(KVMSH_COMMAND)),-- '$(subst ','\'',$(KVMSH_COMMAND))')

kvm-help:
	@sed -n '1,/^$$/s/^# \{0,1\}//p' $(KVM_MK_DIR)/kvm.mk
