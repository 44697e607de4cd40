cut -d: -f1 /etc/passwd | head -n 3
cut -d: -f1,3 /etc/passwd | head -n 2
echo 'a,b,c,d' | cut -d, -f2-
echo 'abcdefg' | cut -c1-3,5
printf 'k\tv\n' | cut -f2
printf 'x,y\nnodelim\n' | cut -d, -f2
printf 'x,y\nnodelim\n' | cut -s -d, -f2
cut -d: /etc/passwd
echo "status $?"
