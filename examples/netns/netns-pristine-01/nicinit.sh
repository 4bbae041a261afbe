nft list ruleset | wc -l
ls -A /tmp | wc -l
