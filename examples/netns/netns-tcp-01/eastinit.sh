(nc -l 198.51.100.23 5000 > "$HOME/received.txt" &)
timeout 5 sh -c 'until ss -Hltn "sport = :5000" | grep -q LISTEN; do sleep 0.05; done' && echo "east listens on port 5000"
