#!/usr/bin/python3
"""libtorrent 2.0 peers for bench/e2e/download-bench.py (Debian python3-libtorrent, /usr/bin/python3).

  lt_bench_peer.py seed  --torrent T --data DIR --listen IP:PORT
      Seeds T from DIR (seed mode: the data is trusted). Prints "ready" once seeding, then reads
      commands on stdin, one per line: "connect IP PORT" dials a peer; "status" prints
      "uploaded BYTES"; end of input stops it.
  lt_bench_peer.py leech --torrent T --save DIR --listen IP:PORT --connect IP:PORT
      Downloads T into DIR from the peer and exits 0 once every piece is verified.
  lt_bench_peer.py fanout --torrent T --count N --save-root DIR --first-ip 127.0.1.1 --connect IP:PORT
      N leechers (one libtorrent session each, on consecutive loopback addresses, one process)
      download T from the peer at once; prints one line "done SECONDS" per leecher as it finishes
      and exits 0 once all have finished.
All connections are plain TCP (no uTP, no encryption, no DHT/LSD/UPnP), uploads and downloads
unlimited.
"""
import argparse
import os
import select
import sys
import time

import libtorrent as lt


def session(listen_ip, port):
    s = lt.session({
        "listen_interfaces": "%s:%d" % (listen_ip, port),
        "outgoing_interfaces": listen_ip,
        "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "enable_outgoing_utp": False, "enable_incoming_utp": False,
        "allow_multiple_connections_per_ip": True,
        "out_enc_policy": int(lt.enc_policy.pe_disabled), "in_enc_policy": int(lt.enc_policy.pe_disabled),
        "alert_mask": lt.alert.category_t.error_notification,
    })
    return s


def add(ses, torrent, save, seed):
    p = lt.add_torrent_params()
    p.ti = lt.torrent_info(torrent)
    p.save_path = save
    p.flags &= ~(lt.torrent_flags.auto_managed | lt.torrent_flags.paused)
    if seed:
        p.flags |= lt.torrent_flags.seed_mode
    return ses.add_torrent(p)


def addr(s):
    ip, port = s.rsplit(":", 1)
    return ip, int(port)


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def seed(a):
    ip, port = addr(a.listen)
    ses = session(ip, port)
    h = add(ses, a.torrent, a.data, True)
    deadline = time.time() + 60
    while h.status().state != lt.torrent_status.seeding and time.time() < deadline:
        time.sleep(0.05)
    say("ready")
    while True:
        r, _, _ = select.select([sys.stdin], [], [], 1.0)
        if not r:
            continue
        line = sys.stdin.readline()
        if not line:
            return
        words = line.split()
        if words and words[0] == "connect":
            h.connect_peer((words[1], int(words[2])))
        elif words and words[0] == "status":
            say("uploaded %d" % h.status().total_payload_upload)


def leech(a):
    ip, port = addr(a.listen)
    ses = session(ip, port)
    h = add(ses, a.torrent, a.save, False)
    peer = addr(a.connect)
    last = 0
    while not h.status().is_seeding:
        if time.time() - last > 2 and h.status().num_peers == 0:
            h.connect_peer(peer)
            last = time.time()
        time.sleep(0.02)


def fanout(a):
    base = [int(x) for x in a.first_ip.split(".")]
    peer = addr(a.connect)
    leechers = []
    for i in range(a.count):
        n = base[3] + i
        ip = "%d.%d.%d.%d" % (base[0], base[1], base[2] + n // 256, n % 256)
        save = os.path.join(a.save_root, str(i))
        os.makedirs(save, exist_ok=True)
        ses = session(ip, 0)
        leechers.append([ses, add(ses, a.torrent, save, False), None])
    start = time.time()
    last = 0
    while any(l[2] is None for l in leechers):
        now = time.time()
        for l in leechers:
            if l[2] is None:
                st = l[1].status()
                if st.is_seeding:
                    l[2] = now - start
                    say("done %.3f" % l[2])
                elif now - last > 2 and st.num_peers == 0:
                    l[1].connect_peer(peer)
        if now - last > 2:
            last = now
        time.sleep(0.05)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["seed", "leech", "fanout"])
    ap.add_argument("--torrent", required=True)
    ap.add_argument("--data")
    ap.add_argument("--save")
    ap.add_argument("--save-root")
    ap.add_argument("--listen")
    ap.add_argument("--connect")
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--first-ip", default="127.0.1.1")
    a = ap.parse_args()
    {"seed": seed, "leech": leech, "fanout": fanout}[a.mode](a)


if __name__ == "__main__":
    main()
