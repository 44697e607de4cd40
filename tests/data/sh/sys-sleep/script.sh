sleep 1 && sleep 0.5
sleep x
echo "status $?"
