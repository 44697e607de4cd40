#% image: alpine:3.20
expr 2 + 3
expr length abc
i=$(expr 5 \* 2)
echo "$i"
expr 1 / 0
echo "status $?"
