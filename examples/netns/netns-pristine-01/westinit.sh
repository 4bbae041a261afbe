ip -4 route show | awk '{print $1, $2, $3}'
ls -A /tmp | wc -l
