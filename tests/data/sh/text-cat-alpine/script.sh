#% image: alpine:3.20
cat /nope
head /nope
echo "status $?"
printf 'a\nb\nc\n' | tail -n 1
