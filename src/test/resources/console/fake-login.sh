#!/bin/bash
# A fake login program for the console tests: asks like getty/login on a serial console,
# checks the answer, then starts a shell. Password: secret.
while true; do
    printf 'Debian GNU/Linux 12 fake ttyS0\n\nfake login: '
    read -r user
    printf 'Password: '
    stty -echo 2>/dev/null
    read -r password
    stty echo 2>/dev/null
    printf '\n'
    if [ "$user" = root ] && [ "$password" = secret ]; then
        printf 'Last login: never\n'
        exec env PS1='root@fake:~# ' TERM=dumb bash --noprofile --norc -i
    fi
    printf 'Login incorrect\n\n'
done
