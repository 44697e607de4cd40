groupadd staff
echo "status $?"
groupadd -f staff
echo "status $?"
