timeout 5 sh -c 'until [ -s /tmp/received.txt ]; do sleep 0.05; done'
cat /tmp/received.txt
