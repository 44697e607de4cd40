mkdir -p /c/x/y && touch /c/x/y/1.pyc /c/x/2.pyc /c/keep.py
find /c -name '*.pyc' -delete
find /c
find /nope
echo "status $?"
find /c -bogus
echo "status $?"
find /c -exec echo {}
echo "status $?"
