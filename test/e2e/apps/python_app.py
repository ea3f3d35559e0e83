"""An app instrumented with Python's prometheus_client (Debian's python3-prometheus-client), as
the README's "your own signals" section shows: a request counter by method and code, and a
latency histogram. It serves /metrics on the port given and simulates its own traffic: every
tenth request fails with 500, every fifth takes 1.5 s, the rest 50 ms."""
import sys
import threading
import time

from prometheus_client import Counter, Histogram, start_http_server

REQUESTS = Counter('http_requests', 'Requests handled, by method and status code.', ['method', 'code'])
LATENCY = Histogram('http_request_duration_seconds', 'Time to handle a request.', buckets=[0.1, 0.25, 0.5, 1, 2.5, 5])


def traffic():
    n = 0
    while True:
        n += 1
        REQUESTS.labels('GET', '500' if n % 10 == 0 else '200').inc()
        LATENCY.observe(1.5 if n % 5 == 0 else 0.05)
        time.sleep(0.01)


if __name__ == '__main__':
    start_http_server(int(sys.argv[1]), addr='127.0.0.1')
    threading.Thread(target=traffic, daemon=True).start()
    while True:
        time.sleep(3600)
