#% image: alpine:3.20
egrep 'www-data|nobody' /etc/group
