echo "$(cat "$SHARED/token")-west" > "$SHARED/token"
