cd /nonexistent
echo "status $?"
cd /tmp && pwd
cd - 
