for i in 1 2 3 4 5; do
  [ $i = 2 ] && continue
  [ $i = 4 ] && break
  echo $i
done
for a in x y; do for b in 1 2; do [ $b = 2 ] && continue 2; echo $a$b; done; done
