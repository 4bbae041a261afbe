echo "$HOSTNAME"
basename "$PWD"
test "$(basename "$HOME")" = "$KVM_DOMAIN" && echo "home is the domain's own"
