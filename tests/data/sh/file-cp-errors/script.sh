cp /nope /tmp/
cp /etc/hostname /etc/passwd /nodir
cp -r /etc/apt /etc/apt/sub
cp
echo "status $?"
