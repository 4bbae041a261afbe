ip route | grep 198.51.100
ping -c 3 -w 15 198.51.100.1
