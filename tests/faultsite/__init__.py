"""The fault-injection site: a small news site ("The Fault Gazette") whose pages and server
misbehave in every way tests/test_faults.py needs, next to a few healthy articles.

    python -m tests.faultsite [--port 0]

prints its origin (http://127.0.0.1:PORT) as the first line of standard output, then serves
until killed. `GET /__log` answers with every request the server received so far (path and
Host header), so a test can prove what the crawler never asked for. The articles are written
for these tests; docs/robustness.md lists the cases.
"""
