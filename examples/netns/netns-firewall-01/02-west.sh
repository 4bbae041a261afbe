ping -c 1 -W 2 198.51.100.23 > /dev/null ; echo "ping east: status $?"
