echo one > /tmp/f
echo two >> /tmp/f
cat /tmp/f
