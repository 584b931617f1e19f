#!/usr/bin/python3
"""A libtorrent 2.0 peer for Peerwave's tests (Debian python3-libtorrent, run with /usr/bin/python3).

  lt_test_peer.py --torrent FILE --save DIR --listen IP:PORT [--seed] [--connect IP:PORT]... [--upload-limit B/s]
             [--download-limit B/s] [--magnet URI] [--no-encryption] [--report-peers] [--lsd]

Prints one JSON object per line on stdout: first {"event": "listening", "ip":..., "port":...}, then a
status line every 0.25 s ({"event": "status", "progress":..., "state":..., "peers":..., ...}), and
with --report-peers the status also carries "peerList": [[ip, port, source, outgoing], ...] (source is
libtorrent's peer_info.source bitmask: 1 tracker, 2 DHT, 4 PEX, 8 LSD), and
{"event": "finished"} once it has every piece and has written it to its files (libtorrent 2.0 hashes
blocks as they arrive, so a piece can pass before its write is done: it flushes first). Runs until killed (or stdin closes).
"""
import argparse
import json
import os
import select
import sys
import time

import libtorrent as lt


def out(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--torrent")
    ap.add_argument("--magnet")
    ap.add_argument("--save", required=True)
    ap.add_argument("--listen", required=True)
    ap.add_argument("--seed", action="store_true", help="trust the data in --save (seed mode)")
    ap.add_argument("--connect", action="append", default=[])
    ap.add_argument("--upload-limit", type=int, default=0)
    ap.add_argument("--download-limit", type=int, default=0)
    ap.add_argument("--no-encryption", action="store_true",
                    help="plain-text connections only (out_enc_policy/in_enc_policy = pe_disabled)")
    ap.add_argument("--report-peers", action="store_true", help="list the connected peers in each status line")
    ap.add_argument("--lsd", action="store_true", help="local service discovery (BEP 14) on")
    a = ap.parse_args()

    ip, port = a.listen.rsplit(":", 1)
    ip = ip.strip("[]")
    settings = {
        # an IPv6 address is written in brackets: [::1]:6881
        "listen_interfaces": ("[%s]:%s" if ":" in ip else "%s:%s") % (ip, port),
        "outgoing_interfaces": ip,
        "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "enable_outgoing_utp": False, "enable_incoming_utp": False,
        "allow_multiple_connections_per_ip": True,
        "alert_mask": lt.alert.category_t.status_notification | lt.alert.category_t.error_notification
        | lt.alert.category_t.storage_notification,
        "user_agent": "libtorrent-test",
    }
    if a.lsd:
        settings["enable_lsd"] = True
    if a.no_encryption:
        settings["out_enc_policy"] = int(lt.enc_policy.pe_disabled)
        settings["in_enc_policy"] = int(lt.enc_policy.pe_disabled)
    ses = lt.session(settings)
    listening = None
    deadline = time.time() + 20
    while listening is None and time.time() < deadline:
        ses.wait_for_alert(500)
        for al in ses.pop_alerts():
            if isinstance(al, lt.listen_succeeded_alert) and al.socket_type == lt.socket_type_t.tcp:
                listening = (str(al.address), al.port)
            elif isinstance(al, lt.listen_failed_alert):
                out({"event": "error", "message": al.message()})
                sys.exit(1)
    if listening is None:
        out({"event": "error", "message": "did not start listening"})
        sys.exit(1)

    if a.magnet:
        p = lt.parse_magnet_uri(a.magnet)
    else:
        p = lt.add_torrent_params()
        p.ti = lt.torrent_info(a.torrent)
    p.save_path = a.save
    # start active at once: an auto-managed torrent starts paused and rejects peers until
    # libtorrent's queue manager runs, which takes a while on a busy machine
    p.flags &= ~(lt.torrent_flags.auto_managed | lt.torrent_flags.paused)
    if a.seed:
        p.flags |= lt.torrent_flags.seed_mode
    h = ses.add_torrent(p)
    if a.upload_limit:
        h.set_upload_limit(a.upload_limit)
    if a.download_limit:
        h.set_download_limit(a.download_limit)
    if a.seed:
        # ready only once the torrent seeds: before that libtorrent drops connections for it
        ready_by = time.time() + 60
        while h.status().state != lt.torrent_status.seeding and time.time() < ready_by:
            ses.wait_for_alert(200)
            ses.pop_alerts()
        if h.status().state != lt.torrent_status.seeding:
            out({"event": "error", "message": "did not start seeding: %s" % h.status().state})
            sys.exit(1)
    out({"event": "listening", "ip": listening[0], "port": listening[1]})

    peers = [(c.rsplit(":", 1)[0].strip("[]"), int(c.rsplit(":", 1)[1])) for c in a.connect]
    finished = False
    flushing = False
    last_connect = 0
    while True:
        now = time.time()
        s = h.status()
        if peers and now - last_connect > 2 and s.num_peers < len(peers):
            for peer in peers:
                try:
                    h.connect_peer(peer)
                except Exception as e:  # reported, the test decides
                    out({"event": "warning", "message": str(e)})
            last_connect = now
        status = {"event": "status", "progress": s.progress, "state": str(s.state), "peers": s.num_peers,
             "downloadRate": s.download_rate, "uploadRate": s.upload_rate,
             "totalDownload": s.total_payload_download, "totalUpload": s.total_payload_upload,
             "seeding": s.is_seeding, "hasMetadata": s.has_metadata}
        if a.report_peers:
            status["peerList"] = [[str(pi.ip[0]), pi.ip[1], int(pi.source),
                                   bool(pi.flags & lt.peer_info.outgoing_connection)]
                                  for pi in h.get_peer_info()]
        out(status)
        if s.is_seeding and not flushing and not a.seed:
            flushing = True
            h.flush_cache()
        for al in ses.pop_alerts():
            if isinstance(al, (lt.torrent_error_alert, lt.file_error_alert)):
                out({"event": "error", "message": al.message()})
            elif isinstance(al, lt.cache_flushed_alert) and flushing and not finished:
                finished = True
                out({"event": "finished"})
        r, _, _ = select.select([sys.stdin], [], [], 0.25)
        if r and not sys.stdin.readline():
            break


if __name__ == "__main__":
    main()
