a=$(echo inner)
b=`echo back`
echo "$a $b $(echo "nested $(echo deep)")"
n=$(printf 'x\n\n\n'); echo "[$n]"
