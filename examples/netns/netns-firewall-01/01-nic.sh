nft delete table inet kvmr
