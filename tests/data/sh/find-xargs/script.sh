mkdir -p /x && touch /x/a /x/b /x/c
find /x -type f | sort | xargs echo
find /x -type f | sort | xargs -n 1 echo file
find /x -type f -print0 | xargs -0 ls
printf 'one\ntwo\n' | xargs -I {} echo item-{}
printf '' | xargs echo empty-run
printf '' | xargs -r echo never
echo "a 'b c' d" | xargs -n 1 echo
find /x -name a | xargs rm
ls /x
