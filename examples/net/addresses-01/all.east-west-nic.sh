west# hostname
west# ip -4 addr show eth0 | grep inet
east# hostname
east# ip -4 addr show eth0 | grep inet
nic# ip -4 addr show | grep 'inet ' | grep -v 127.0.0.1
nic# cat /proc/sys/net/ipv4/ip_forward
east# cat hello.txt
