printf_missing=1
cat > /tmp/list <<EOF2
alpha 1
beta 2
EOF2
while read name n; do echo "$n:$name"; done < /tmp/list
