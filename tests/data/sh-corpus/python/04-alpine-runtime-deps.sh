#% image: alpine:3.22
#% env: PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
#% env: LANG=C.UTF-8
set -eux; 	apk add --no-cache 		ca-certificates 		tzdata 	;
