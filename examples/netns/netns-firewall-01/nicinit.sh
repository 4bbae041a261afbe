nft add table inet kvmr
nft add chain inet kvmr forward '{ type filter hook forward priority 0; policy accept; }'
nft add rule inet kvmr forward ip daddr 198.51.100.23 icmp type echo-request drop
