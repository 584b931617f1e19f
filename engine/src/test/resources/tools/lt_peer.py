#!/usr/bin/python3
"""A libtorrent 2.0 seeder for Peerwave's peer-wire tests (Debian python3-libtorrent).

  lt_peer.py DIR HOST [v1|v2|hybrid]

Writes a multi-file tree of about 4 MiB under DIR/payload (deterministic bytes, 240 files so the
info dictionary spans two 16 KiB metadata pieces), creates DIR/payload.torrent (v1 by default,
64 KiB pieces) and seeds it in seed mode, listening on HOST and a free port. Prints one JSON line
on stdout once listening: {"port": N, "v1": HEX or null, "v2": HEX or null, "torrent": PATH}.
Then reads commands from stdin, one per line: "connect HOST PORT" makes libtorrent dial that peer.
Exits when stdin closes. Alerts go to stderr.
"""
import json
import os
import random
import sys
import threading
import time

import libtorrent as lt


def make_tree(root):
    rnd = random.Random(20261125)
    for i in range(240):
        sub = os.path.join(root, "folder-%02d" % (i % 12))
        os.makedirs(sub, exist_ok=True)
        size = 9000 + rnd.randrange(17000)
        with open(os.path.join(sub, "file-%03d-with-a-rather-long-descriptive-name.bin" % i), "wb") as f:
            f.write(bytes(rnd.getrandbits(8) for _ in range(size)))


def main():
    work, host = os.path.abspath(sys.argv[1]), sys.argv[2]
    mode = sys.argv[3] if len(sys.argv) > 3 else "v1"
    flags = {"v1": lt.create_torrent.v1_only, "v2": lt.create_torrent.v2_only, "hybrid": 0}[mode]
    payload = os.path.join(work, "payload")
    make_tree(payload)
    fs = lt.file_storage()
    lt.add_files(fs, payload)
    ct = lt.create_torrent(fs, 65536, flags=flags)
    lt.set_piece_hashes(ct, work)
    torrent = os.path.join(work, "payload.torrent")
    with open(torrent, "wb") as f:
        f.write(lt.bencode(ct.generate()))

    settings = {
        "listen_interfaces": "%s:0" % host,
        "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "allow_multiple_connections_per_ip": True,
        "enable_outgoing_utp": False, "enable_incoming_utp": False,
        # libtorrent dials with MSE/PE encryption by default; Peerwave speaks plain TCP so far
        "out_enc_policy": int(lt.enc_policy.disabled), "in_enc_policy": int(lt.enc_policy.enabled),
        "alert_mask": lt.alert.category_t.all_categories & ~lt.alert.category_t.stats_notification,
    }
    ses = lt.session(settings)
    atp = lt.add_torrent_params()
    atp.ti = lt.torrent_info(torrent)
    atp.save_path = work
    atp.flags |= lt.torrent_flags.seed_mode
    # start active at once: an auto-managed torrent starts paused and rejects peers ("no active
    # torrents") until libtorrent's queue manager runs, which takes a while on a busy machine
    atp.flags &= ~(lt.torrent_flags.auto_managed | lt.torrent_flags.paused)
    handle = ses.add_torrent(atp)
    ih = atp.ti.info_hashes()
    v1 = str(ih.v1) if ih.has_v1() else None
    v2 = str(ih.v2) if ih.has_v2() else None

    port = None
    deadline = time.time() + 30
    while port is None and time.time() < deadline:
        ses.wait_for_alert(500)
        for a in ses.pop_alerts():
            print("alert: %s: %s" % (type(a).__name__, a.message()), file=sys.stderr, flush=True)
            if isinstance(a, lt.listen_succeeded_alert) and a.socket_type == lt.socket_type_t.tcp:
                port = a.port
    if port is None:
        sys.exit("libtorrent did not start listening")
    # Ready only once the torrent is loaded and seeding: before that libtorrent closes connections
    # for it (seen under load, when adding the torrent takes a while).
    while handle.status().state != lt.torrent_status.seeding and time.time() < deadline + 30:
        ses.wait_for_alert(200)
        for a in ses.pop_alerts():
            print("alert: %s: %s" % (type(a).__name__, a.message()), file=sys.stderr, flush=True)
    if handle.status().state != lt.torrent_status.seeding:
        sys.exit("libtorrent did not start seeding: %s" % handle.status().state)
    print(json.dumps({"port": port, "v1": v1, "v2": v2, "torrent": torrent}), flush=True)

    stop = threading.Event()

    def commands():
        for line in sys.stdin:
            parts = line.split()
            if len(parts) == 3 and parts[0] == "connect":
                handle.connect_peer((parts[1], int(parts[2])))
                print("connecting to %s:%s" % (parts[1], parts[2]), file=sys.stderr, flush=True)
        stop.set()

    threading.Thread(target=commands, daemon=True).start()
    while not stop.is_set():
        ses.wait_for_alert(200)
        for a in ses.pop_alerts():
            print("alert: %s: %s" % (type(a).__name__, a.message()), file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
