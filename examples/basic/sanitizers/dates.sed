# Dates and times change from run to run.
s/[0-9]\{4\}-[0-9]\{2\}-[0-9]\{2\}[ T][0-9]\{2\}:[0-9]\{2\}:[0-9]\{2\}\(\.[0-9]*\)\?Z\?/YYYY-MM-DD HH:MM:SS/g
