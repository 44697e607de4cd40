#% image: debian:bookworm-slim
#% cwd: /usr/local/apache2
#% env: HTTPD_PREFIX=/usr/local/apache2
#% env: PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
set -eux; 	apt-get update; 	apt-get install -y --no-install-recommends 		ca-certificates 		libaprutil1-ldap 		libldap-common 	; 	rm -rf /var/lib/apt/lists/*
