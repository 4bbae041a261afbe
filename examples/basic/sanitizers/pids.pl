# Process ids change from run to run: "pid 12345" becomes "pid PID".
while (<>) {
    s/pid [0-9]+/pid PID/g;
    print;
}
