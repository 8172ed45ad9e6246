"""Opens a websocket on Odoo's /websocket (the gevent port of a multi-worker server),
subscribes to no channel, and checks the connection stays open. Usage:
    python check_websocket.py HOST:PORT
"""

# A command-line check: it reports on stdout.
# pylint: disable=print-used

import json
import sys

import websocket


def main(address):
    # Same origin as the host, as a browser on that page would send.
    ws = websocket.create_connection(
        f"ws://{address}/websocket", origin=f"http://{address}", timeout=10
    )
    ws.send(
        json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}})
    )
    ws.ping()
    print(f"websocket on ws://{address}/websocket: connected ({ws.getstatus()})")
    ws.close()


if __name__ == "__main__":
    main(sys.argv[1])
