echo "hello 3 from west" | nc -w 5 198.51.100.1 4500
