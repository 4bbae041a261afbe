ip -4 route show | awk '{print $1, $2, $3}'
sysctl -n net.ipv4.ip_forward
