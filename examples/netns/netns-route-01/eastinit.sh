ip route get 192.0.2.45 | awk 'NR == 1 {print $1, $2, $3, $4, $5}'
