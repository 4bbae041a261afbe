ping -c 1 -W 2 192.0.2.254 > /dev/null && echo "west reaches nic"
