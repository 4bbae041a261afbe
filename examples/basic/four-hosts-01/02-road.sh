echo "$(cat "$SHARED/token")-road" > "$SHARED/token"
