#% image: alpine:3.20
ln -s /x /l
ln -s /x /l
echo "status $?"
ls -l /l
