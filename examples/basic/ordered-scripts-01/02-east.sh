echo "step two on $HOSTNAME"
