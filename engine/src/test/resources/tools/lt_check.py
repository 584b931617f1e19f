#!/usr/bin/python3
"""Asks Debian's python3-libtorrent (2.0) to check existing data, for Peerwave's storage tests.

  lt_check.py TORRENT SAVE_PATH   prints one JSON object: {"pieces": "0110...", "state": ...}

The torrent is added (no trackers reached: none are given to it) on loopback only, without DHT/LSD/UPnP; libtorrent hashes whatever
files are under SAVE_PATH and the result is its have-bitfield as a string of 0 and 1.
"""
import json
import sys
import time

import libtorrent as lt


def main(torrent, save_path):
    ses = lt.session({
        "listen_interfaces": "127.0.0.1:0",
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "alert_mask": 0,
    })
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(torrent)
    params.save_path = save_path
    params.flags &= ~lt.torrent_flags.auto_managed
    params.flags &= ~lt.torrent_flags.paused
    h = ses.add_torrent(params)
    deadline = time.time() + 120
    checking = (lt.torrent_status.checking_files, lt.torrent_status.checking_resume_data)
    while time.time() < deadline:
        s = h.status()
        if s.state not in checking:
            break
        time.sleep(0.05)
    h.pause()
    s = h.status()
    print(json.dumps({"pieces": "".join("1" if p else "0" for p in s.pieces), "state": str(s.state)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
