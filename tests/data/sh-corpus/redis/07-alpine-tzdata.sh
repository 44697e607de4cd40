#% image: alpine:3.21
set -eux; 	apk add --no-cache 		tzdata 	;
