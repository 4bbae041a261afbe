ip route del default
ip route get 198.51.100.23
ping -c 1 -W 1 198.51.100.23 > /dev/null 2>&1 ; echo "ping east: status $?"
ip route add default via 192.0.2.254
ping -c 1 -W 2 198.51.100.23 > /dev/null ; echo "ping east: status $?"
