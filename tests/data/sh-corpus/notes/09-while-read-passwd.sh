#% image: debian:bookworm-slim
while read line; do case "$line" in root:*) echo "root entry: ${line%%:*}";; esac; done < /etc/passwd
