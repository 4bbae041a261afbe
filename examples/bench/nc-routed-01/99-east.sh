sleep 1
cat /tmp/received
