cat "$SHARED/message"
