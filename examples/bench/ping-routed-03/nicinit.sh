cat /proc/sys/net/ipv4/ip_forward
