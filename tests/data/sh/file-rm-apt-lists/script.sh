rm -rf /var/lib/apt/lists/* /usr/share/doc /var/cache/debconf/*-old
ls /var/lib/apt/lists 2>&1
test -d /usr/share/doc || echo doc-gone
