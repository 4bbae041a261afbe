date -u '+%Y-%m-%d %H:%M:%S'
