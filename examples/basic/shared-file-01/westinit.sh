test -d "$SHARED" && echo "shared directory present"
