ping -c 1 -W 1 198.51.100.23 > /dev/null ; echo "ping east: status $?"
ping -c 1 -W 1 192.0.2.254 > /dev/null ; echo "ping nic: status $?"
