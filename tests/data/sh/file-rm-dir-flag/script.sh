mkdir /empty /full && touch /full/x
rm -d /empty && echo removed-empty
rm -d /full
echo "status $?"
rm -rf /
echo "status $?"
