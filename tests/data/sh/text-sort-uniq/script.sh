printf 'banana\napple\ncherry\napple\n' > /tmp/f
sort /tmp/f
sort -r /tmp/f
sort -u /tmp/f
sort /tmp/f | uniq -c
sort /tmp/f | uniq -d
sort /tmp/f | uniq -u
printf '10\n9\n100\n-1\n' | sort -n
printf 'b:x:2\na:x:10\nc:x:1\n' | sort -t: -k3 -n
printf 'x 1\ny 2\nz 1\n' | sort -k2,2 -k1r
printf '1.10\n1.2\n1.9\n' | sort -V
printf 'B\na\nC\n' | sort
printf 'B\na\nC\n' | sort -f
sort /nope
