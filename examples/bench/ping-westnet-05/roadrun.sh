ping -c 4 -i 0.5 -w 10 192.0.2.1 | grep -c 'bytes from'
