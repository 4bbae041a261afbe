ping -c 2 -i 0.5 -w 10 198.51.100.1 | grep -c 'bytes from'
