seq 3
seq 2 5
seq 10 -3 1
seq -s, 5
seq -w 8 11
seq 0 0.25 1
seq 5 1
seq abc
echo "status $?"
