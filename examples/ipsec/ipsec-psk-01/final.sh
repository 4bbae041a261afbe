ipsec whack --trafficstatus | grep -o 'westnet-eastnet.*inBytes=[1-9]' | sed 's/#[0-9]*/#N/'
