echo "about to hang"
sleep 600
echo "never printed"
