sysctl -n net.ipv4.ip_forward
