timeout 5 sh -c 'until [ -s "$HOME/received.txt" ]; do sleep 0.05; done'
cat "$HOME/received.txt"
