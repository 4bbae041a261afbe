echo "step one on $HOSTNAME"
