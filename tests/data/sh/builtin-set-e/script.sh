set -e
false || echo "recovered"
if false; then :; fi
echo "still running"
false
echo never
