printf 'one two\nthree\n' > /tmp/t
wc /tmp/t
wc -l /tmp/t
wc -l < /tmp/t
wc -c /tmp/t /etc/hostname
echo hello | wc
echo hello | wc -w
wc /nope
