echo "hello 2 from west" | nc -w 5 198.51.100.1 4500
