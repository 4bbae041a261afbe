ipsec whack --trafficstatus | grep -c 'westnet-eastnet.*type=ESP.*inBytes=[1-9]'
