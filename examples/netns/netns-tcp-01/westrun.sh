echo "hello from west" | nc -N -w 5 198.51.100.23 5000 && echo "west sent a line"
