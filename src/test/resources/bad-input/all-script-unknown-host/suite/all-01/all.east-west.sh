east# echo a
north# echo b
