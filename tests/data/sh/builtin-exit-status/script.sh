(exit 3); echo "sub $?"
false; echo "false $?"
exit 42
echo never
