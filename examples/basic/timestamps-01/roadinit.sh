echo "road started at $(date -u '+%Y-%m-%dT%H:%M:%SZ')"
