false
echo "status was $?"
test -e /nonexistent/file || echo "no such file, as expected"
