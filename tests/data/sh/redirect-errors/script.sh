echo x > /nonexistent/dir/file
echo "status $?"
cat < /nope
echo err >&2
echo both > /tmp/both 2>&1
ls /nope 2>/dev/null || echo "ls failed quietly"
