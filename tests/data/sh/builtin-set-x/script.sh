set -x
a=1
echo "a is $a"
