echo "the answer is $(expr 40 + 2)"
