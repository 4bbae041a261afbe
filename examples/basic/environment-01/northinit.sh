echo "$HOSTNAME"
echo "home is $(basename "$HOME" | sed 's/.*\.//')"
