sort -t: -k3,3n /etc/passwd | cut -d: -f1,3 | tail -n 3
cut -d: -f7 /etc/passwd | sort | uniq -c | sort -rn
