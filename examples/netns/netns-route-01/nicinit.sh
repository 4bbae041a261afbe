ip -4 -o addr show scope global | awk '{print $2, $4}'
