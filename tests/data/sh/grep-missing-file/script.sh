grep x /nope
echo "status $?"
grep -s x /nope
echo "status $?"
