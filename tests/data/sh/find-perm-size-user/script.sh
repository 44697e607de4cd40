mkdir -p /s && touch /s/a /s/b && printf '%02000d' 0 > /s/big
chmod 755 /s/a
chown 1000 /s/b
find /s -perm 755 -type f
find /s -perm -u+x -type f
find /s -user 1000
find /s -size +1k
find /s -size -1k -type f
find /s -type f -printf '%f %s %m\n'
