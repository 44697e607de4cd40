printf 'b\na\nc\n' | tac
printf 'k1\nk2\n' > /tmp/k; printf 'v1\nv2\n' > /tmp/v
paste -d= /tmp/k /tmp/v
seq 4 | paste -sd+
printf 'first\n\nsecond\n' | nl
echo 'secret' | base64
echo 'c2VjcmV0Cg==' | base64 -d
printf 'a\nb\n' > /tmp/c1; printf 'b\nc\n' > /tmp/c2
comm -3 /tmp/c1 /tmp/c2
truncate -s 1K /tmp/blob && stat -c %s /tmp/blob
yes | head -n 2
timeout 5 sh -c 'echo inner'
