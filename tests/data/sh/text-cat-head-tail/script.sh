seq 1 12 > /tmp/n
cat -n /etc/hostname
head -n 3 /tmp/n
head -2 /tmp/n
tail -n 2 /tmp/n
tail -n +11 /tmp/n
head -c 4 /tmp/n
tail -c 3 /tmp/n
head -n -10 /tmp/n
head -n 1 /tmp/n /etc/hostname
cat /nope
head /nope
tail /nope
cat /etc
