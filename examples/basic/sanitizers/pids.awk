# Process ids change from run to run: "pid 12345" becomes "pid PID".
{ gsub(/pid [0-9]+/, "pid PID"); print }
