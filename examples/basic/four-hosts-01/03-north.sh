cat "$SHARED/token"
