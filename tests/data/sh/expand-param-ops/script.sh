unset u; e=; v=value
echo "1 ${u:-default} ${e:-empty-default} ${e-set-but-empty} ${v:+alt}"
echo "2 ${#v} ${v#va} ${v%ue} ${v##*l} ${v%%l*}"
p=/usr/local/bin/node
echo "3 ${p##*/} ${p%/*} ${p/local/LOCAL} ${p//\//:}"
echo "4 ${u:=assigned} $u"
V=3.12.4
echo "5 ${V%%[a-z]*} ${V%.*}"
arch=linux-x86_64; echo "6 ${arch##*-}"
