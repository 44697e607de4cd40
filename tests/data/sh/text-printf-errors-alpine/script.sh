#% image: alpine:3.20
printf '%d\n' abc
echo "status $?"
printf '%s-%s\n' a b c
