# "[user@east test]# command" becomes "east #" and " command" on the next line, as in
# libreswan's expected output; the user, directory and exit status are dropped.
# The prompt after the last command has no command after it.
s/^\[[^@]*@\([a-z0-9]*\) [^]]*\][#$] $/\1 #/
s/^\[[^@]*@\([a-z0-9]*\) [^]]*\][#$] \(.*\)$/\1 #\n \2/
