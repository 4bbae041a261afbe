echo "east init"
