hostname
echo $$
ip -4 -o addr show dev eth0 | awk '{print $2, $4}'
echo "west was here" > "$HOME/who"
