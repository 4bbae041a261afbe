ip -4 addr show eth0 | grep inet
