#% image: alpine:3.20
id
id -u
id -gn
whoami
