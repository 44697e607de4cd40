#% image: alpine:3.20
adduser -D app
passwd -l app
grep "^app:" /etc/shadow
passwd -d app
grep "^app:" /etc/shadow
{ echo pw; echo pw; } | adduser bob
echo "status $?"
