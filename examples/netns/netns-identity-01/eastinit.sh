hostname
echo $$
cat /proc/1/comm
ip -4 -o addr show dev eth0 | awk '{print $2, $4}'
echo "east was here" > "$HOME/who"
