cat /tmp/who
