command -v cat
command -v cd
command -v nosuchthing || echo "missing $?"
type cat cd
