../guestbin/start-pluto.sh
ipsec auto --add westnet-eastnet
echo initdone
