cp ipsec.conf /etc/ipsec.conf
cp ipsec.secrets /etc/ipsec.secrets
ipsec initnss > /dev/null
mkdir -p /run/pluto
ipsec pluto --config /etc/ipsec.conf
ipsec whack --listen > /dev/null
ipsec auto --add westnet-eastnet
echo initdone
