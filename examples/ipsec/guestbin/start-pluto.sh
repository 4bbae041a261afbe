#!/bin/sh
# Starts Debian's pluto without systemd (the Debian guest has none), with this test's
# ipsec.conf and ipsec.secrets, and waits until it answers on its control socket.
set -e
cp ipsec.conf /etc/ipsec.conf
cp ipsec.secrets /etc/ipsec.secrets
ipsec initnss > /dev/null
mkdir -p /run/pluto
ipsec pluto --config /etc/ipsec.conf
for i in $(seq 1 100); do
    ipsec whack --listen > /dev/null 2>&1 && exit 0
    sleep 0.1
done
echo "pluto did not start: $(tail -3 /tmp/pluto.log)"
exit 1
