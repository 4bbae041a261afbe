# kvmrunner's make targets, libreswan style: make kvm-test, kvm-install, kvm-uninstall,
# kvmsh-<domain>, kvm-doctor, kvm-help. See mk/kvm.mk for the settings.
.DEFAULT_GOAL := kvm-help
include $(dir $(lastword $(MAKEFILE_LIST)))mk/kvm.mk
