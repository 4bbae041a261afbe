echo token > "$SHARED/token"
