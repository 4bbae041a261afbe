sh -c 'echo "north child pid $$"'
