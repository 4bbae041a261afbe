nft list ruleset | wc -l
ip -4 -o addr show scope global | wc -l
