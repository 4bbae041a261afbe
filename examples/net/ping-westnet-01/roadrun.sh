ping -c 1 -w 10 192.0.2.1 | grep 'packets'
ping -c 2 -w 10 192.0.2.254
