echo "west runs the test"
expr 6 \* 7
