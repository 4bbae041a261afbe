( nc -l -p 4500 > /tmp/received & )
sleep 1
