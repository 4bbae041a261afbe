# kvm.mk: libreswan's make targets on top of kvmrunner. Include it from a Makefile, or use the
# Makefile at the top of kvmrunner's tree:
#
#   make kvm-test, make kvm-check          run the tests (KVM_TESTS, default KVM_SUITE)
#   make kvm-test KVM_WORKERS=2 KVM_PREFIXES='a. b.'
#   make kvm-retest, make kvm-recheck      run them again, skipping those that passed
#   make kvm-results                       judge the tests' OUTPUT (KVM_BASELINE: compare with an earlier run)
#   make kvm-diffs                         the same, printing the diffs
#   make kvm-test-clean                    remove the tests' OUTPUT directories (also: kvm-clean-check)
#   make kvm-shutdown                      end every domain left running and remove the domain groups
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
#   KVM_TESTS      suites, TESTLISTs or test directories to run or judge (default: KVM_SUITE)
#   KVM_TEST_STATUS  TESTLIST statuses to run, space or | separated (default: good; in the
#                  environment it adds to good: KVM_TEST_STATUS=wip runs good and wip tests)
#   KVM_TEST_NAME  test names to run, regular expressions, space or | separated
#   KVM_TEST_KIND  TESTLIST kinds to run (default: kvmrunner's, kvmplutotest)
#   KVM_BASELINE   kvm-results, kvm-diffs: an earlier run's suite or OUTPUT tree to compare with
#   KVM_TEST_FLAGS more flags for kvmrunner run, e.g. --order longest
#   KVMRESULTS_FLAGS more flags for kvmrunner results, e.g. --quick
#   KVMRUNNER      the launcher (default: kvmrunner beside this file's directory)

KVM_MK_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))

-include Makefile.inc.local

KVMRUNNER ?= $(abspath $(KVM_MK_DIR)/../kvmrunner)
KVM_SUITE ?= $(abspath $(KVM_MK_DIR)/../examples/netns)
KVM_PREFIXES ?= $(KVM_PREFIX)
KVM_TESTS ?= $(KVM_SUITE)
KVM_TEST_STATUS += good
KVM_TEST_NAME ?=
KVM_TEST_KIND ?=
KVM_BASELINE ?=

kvm_empty :=
kvm_space := $(kvm_empty) $(kvm_empty)
# 'good wip', 'good|wip' and 'wip good' all become one regular expression: good|wip
kvm_alternatives = $(subst $(kvm_space),|,$(sort $(subst |, ,$(strip $(1)))))

# Each setting becomes a flag only when it is set, so kvmrunner's own defaults apply otherwise.
KVM_BACKEND_FLAG = $(if $(strip $(KVM_BACKEND)),--backend $(KVM_BACKEND))
KVM_WORKERS_FLAG = $(if $(strip $(KVM_WORKERS)),--workers $(KVM_WORKERS))
KVM_PREFIX_FLAGS = $(foreach prefix,$(KVM_PREFIXES),--prefix $(prefix))

KVM_SELECTION_FLAGS = $(if $(strip $(KVM_TEST_KIND)),--test-kind '$(call kvm_alternatives,$(KVM_TEST_KIND))') \
	$(if $(strip $(KVM_TEST_STATUS)),--test-status '$(call kvm_alternatives,$(KVM_TEST_STATUS))') \
	$(if $(strip $(KVM_TEST_NAME)),--test-name '$(call kvm_alternatives,$(KVM_TEST_NAME))')
KVM_BASELINE_FLAG = $(if $(strip $(KVM_BASELINE)),--baseline $(KVM_BASELINE))

.PHONY: kvm-test kvm-check kvm-retest kvm-recheck kvm-results kvm-diffs kvm-test-clean kvm-clean-check kvm-shutdown
.PHONY: kvm-install kvm-uninstall kvm-doctor kvm-help

# kvm-check is kvm-test's other name; the re- targets skip what passed (--skip passed)
kvm-test kvm-check kvm-retest kvm-recheck:
	$(KVMRUNNER) run $(KVM_BACKEND_FLAG) $(KVM_WORKERS_FLAG) $(KVM_PREFIX_FLAGS) $(KVM_SELECTION_FLAGS) $(if $(filter kvm-re%,$@),--skip passed) $(KVM_TEST_FLAGS) $(strip $(KVM_TESTS))

kvm-results:
	$(KVMRUNNER) results $(KVMRESULTS_FLAGS) $(KVM_BASELINE_FLAG) $(strip $(KVM_TESTS))

kvm-diffs:
	$(KVMRUNNER) results $(KVMRESULTS_FLAGS) $(KVM_BASELINE_FLAG) --print diffs $(strip $(KVM_TESTS))

kvm-test-clean kvm-clean-check:
	find $(strip $(KVM_TESTS)) -name OUTPUT -type d -prune -exec rm -r {} +

# domains live only while a run uses them; what a killed run left is ended here, with the groups
kvm-shutdown:
	$(KVMRUNNER) uninstall --suite $(KVM_SUITE) $(KVM_BACKEND_FLAG) --all

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
