echo config | tee /tmp/a /tmp/b
echo more | tee -a /tmp/a > /dev/null
cat /tmp/a /tmp/b
echo x | tee /nope/file
echo "status $?"
