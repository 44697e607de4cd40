#% image: alpine:3.20
printenv HOME
printenv NOPE
echo "status $?"
