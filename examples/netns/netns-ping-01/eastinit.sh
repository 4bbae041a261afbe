ping -c 1 -W 2 198.51.100.254 > /dev/null && echo "east reaches nic"
