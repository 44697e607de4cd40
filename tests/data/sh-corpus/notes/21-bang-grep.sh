#% image: alpine:3.20
! grep -q foo /etc/hosts
