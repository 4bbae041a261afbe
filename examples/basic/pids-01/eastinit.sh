sh -c 'echo "child pid $$"'
