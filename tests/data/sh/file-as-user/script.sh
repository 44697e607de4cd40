#% user: 1000:1000
#% cwd: /tmp
touch mine
ls -ln mine
[ -w /etc/passwd ] || echo not-writable
[ -r /etc/passwd ] && echo readable
[ -x /bin/sh ] && echo executable
