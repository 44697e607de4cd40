mkdir -p /app/pkg/__pycache__ /app/pkg/sub/__pycache__
touch /app/pkg/__pycache__/m.cpython-311.pyc /app/pkg/sub/__pycache__/n.pyc /app/pkg/m.py
find /app -type d -name __pycache__ -prune -exec rm -rf {} +
find /app
