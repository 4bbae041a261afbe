# start every host
east# echo "east first"
west# echo "then west"
road# echo "then road"
east# echo "east again"
final# echo "done on $HOSTNAME"
