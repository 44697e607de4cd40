echo before
foo --bar
echo "status $?"
