ipsec auto --up westnet-eastnet | grep -o 'established [A-Za-z]* SA'
ping -n -c 1 -w 10 -I 192.0.1.254 192.0.2.254 | grep -o "1 received"
ip xfrm state | grep -c '^src'
echo done
