cut -d= -f1 /etc/os-release | sort | head -n 3
printf '%s\n' c a b a | sort | uniq | tr '\n' ' '; echo
echo "PATH has $(echo "$PATH" | tr ':' '\n' | wc -l) entries"
