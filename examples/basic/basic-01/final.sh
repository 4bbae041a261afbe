echo "final on $HOSTNAME"
