echo 'a.b' > /tmp/t
echo 'axb' >> /tmp/t
echo 'a.bc' >> /tmp/t
grep -F 'a.b' /tmp/t
echo ---
grep -wF 'a.b' /tmp/t
echo ---
grep -x 'a.b' /tmp/t
