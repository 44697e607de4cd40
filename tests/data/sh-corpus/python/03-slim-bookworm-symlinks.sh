#% image: debian:bookworm-slim
#% env: PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
#% env: LANG=C.UTF-8
#% env: GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305
#% env: PYTHON_VERSION=3.12.7
set -eux; 	for src in idle3 pip3 pydoc3 python3 python3-config; do 		dst="$(echo "$src" | tr -d 3)"; 		[ -s "/usr/local/bin/$src" ]; 		[ ! -e "/usr/local/bin/$dst" ]; 		ln -svT "$src" "/usr/local/bin/$dst"; 	done
