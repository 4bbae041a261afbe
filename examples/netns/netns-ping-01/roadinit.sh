ping -c 1 -W 2 203.0.113.254 > /dev/null && echo "road reaches nic"
