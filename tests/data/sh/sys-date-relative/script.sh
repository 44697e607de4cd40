date -d yesterday +%F
date -d '3 days ago' '+%Y-%m-%d %H:%M'
date --date='+1 week' +%F
date -d 2024-02-30
echo "status $?"
