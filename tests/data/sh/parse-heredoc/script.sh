name=world
cat <<EOF2 > /tmp/greeting
hello $name
literal \$name
EOF2
cat /tmp/greeting
cat <<'END'
no $expansion here
END
cat <<-TABS
	tab stripped
	TABS
