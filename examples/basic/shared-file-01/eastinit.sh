rm -f "$SHARED/message"
