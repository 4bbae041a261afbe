ip route get 198.51.100.23 | awk 'NR == 1 {print $1, $2, $3, $4, $5}'
ping -c 1 -W 2 198.51.100.23 | grep -o 'ttl=[0-9]*'
ping -c 1 -W 2 192.0.2.254 | grep -o 'ttl=[0-9]*'
