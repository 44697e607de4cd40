#% image: alpine:3.20
printf 'one two\nthree\n' > /tmp/t
wc /tmp/t
wc -l /tmp/t
echo hello | wc
wc -l /tmp/t /etc/hostname
