for p in a b c; do echo "item $p"; done
for w in; do echo never; done
echo after
