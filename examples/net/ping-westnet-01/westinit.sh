ping -c 2 -w 10 192.0.2.254 | grep -c 'bytes from'
ping -c 1 -w 10 192.0.2.2 | grep 'packets'
