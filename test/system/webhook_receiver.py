#!/usr/bin/env python3
"""A webhook receiver for the system test: answers every POST with 200 and appends it to a file, one JSON
object per line ({"path": ..., "body": ...}, the body as the text it was).

  webhook_receiver.py PORT FILE      listens on 127.0.0.1:PORT until killed
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def handler(log_path):
    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with open(log_path, "a", encoding="utf-8") as log:
                log.write(json.dumps({"path": self.path, "body": body.decode("utf-8", "replace")}) + "\n")
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format, *args):
            sys.stderr.write("receiver: %s\n" % (format % args))

    return Receiver


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    port, log_path = int(sys.argv[1]), sys.argv[2]
    open(log_path, "a").close()
    server = ThreadingHTTPServer(("127.0.0.1", port), handler(log_path))
    print("receiver: listening on 127.0.0.1:%d, appending to %s" % (port, log_path), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
