#% user: 1000:1000
useradd app
echo "status $?"
groupadd app
echo "status $?"
