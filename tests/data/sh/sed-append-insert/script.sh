echo middle > /tmp/f
sed -i '1i first' /tmp/f
sed -i '$a last' /tmp/f
grep -n . /tmp/f
