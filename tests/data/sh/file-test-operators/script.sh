[ -e /etc/passwd ] && echo e
[ -f /etc ] || echo etc-not-file
[ -d /etc ] && echo d
[ -L /bin ] && echo bin-is-link
[ -h /bin/sh ] && echo sh-is-link
[ -s /etc/hostname ] && echo s
touch /empty; [ -s /empty ] || echo empty-not-s
[ -x /usr/bin/env ] && echo x
[ -b /etc ] || echo not-block
test -z "" && echo z
test -n "x" && echo n
