"""The load benchmark: Convo and a bare Flask "hello" under the same gunicorn, driven from outside."""
