ping -c 2 -i 0.2 -W 2 198.51.100.23 | grep -o '2 packets transmitted, 2 received'
ping -c 2 -i 0.2 -W 2 203.0.113.209 | grep -o '2 packets transmitted, 2 received'
