cd /tmp&&echo in-tmp;echo done>/tmp/x;cat /tmp/x 2>/dev/null || echo "cat is missing"
