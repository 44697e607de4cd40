x=1
( x=2; cd /tmp; echo "sub $x $(pwd)" )
echo "after $x $(pwd)"
{ echo brace1; echo brace2; } > /tmp/out
cat /tmp/out
