echo "east is up"
