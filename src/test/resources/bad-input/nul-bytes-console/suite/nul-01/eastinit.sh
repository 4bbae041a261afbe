printf 'a\000b\n'
