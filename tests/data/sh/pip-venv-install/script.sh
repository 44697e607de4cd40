#% image: python:3.12-slim
python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir -q requests && echo venv ready
