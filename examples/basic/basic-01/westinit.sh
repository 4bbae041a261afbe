echo "west is up"
