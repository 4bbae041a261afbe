echo "hello from west" > "$SHARED/message"
