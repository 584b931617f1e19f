#!/usr/bin/python3
"""A small libtorrent 2.0 DHT for Peerwave's tests (Debian python3-libtorrent, run with /usr/bin/python3).

  lt_dht.py --node IP [--node IP]... [--bootstrap IP:PORT]... [--seed TORRENT --seed-save DIR]
            [--magnet URI --save DIR]

Starts one libtorrent session with DHT on per --node address (TCP and UDP on the same free port),
settings relaxed so that a DHT on loopback works (one node per /24 and verified node ids are not
required), and bootstraps each off all the others and off the --bootstrap nodes. The first node
seeds --seed (announced only through the DHT: the torrent has no tracker); the last node downloads
--magnet (a magnet without tracker: it can only resolve through the DHT) into --save. Both call
force_dht_announce every 2 s (libtorrent announces once, before its table has nodes, and then not
for 15 minutes).

Prints one JSON object per line: {"event": "listening", "nodes": [[ip, port], ...]}, then a status
line every 0.5 s, {"event": "finished"} once the magnet's files hold every piece. Runs until stdin
closes or it is killed.
"""
import argparse
import json
import select
import sys
import time

import libtorrent as lt


def out(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def hostport(s):
    host, port = s.rsplit(":", 1)
    return host.strip("[]"), int(port)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--node", action="append", required=True)
    ap.add_argument("--bootstrap", action="append", default=[])
    ap.add_argument("--seed")
    ap.add_argument("--seed-save")
    ap.add_argument("--magnet")
    ap.add_argument("--save")
    a = ap.parse_args()

    sessions = []
    for ip in a.node:
        settings = {
            "listen_interfaces": "%s:0" % ip,
            "outgoing_interfaces": ip,
            "enable_dht": True, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
            "enable_outgoing_utp": False, "enable_incoming_utp": False,
            "allow_multiple_connections_per_ip": True,
            "dht_restrict_routing_ips": False, "dht_restrict_search_ips": False,
            "dht_enforce_node_id": False, "dht_prefer_verified_node_ids": False,
            "dht_ignore_dark_internet": False, "dht_bootstrap_nodes": "",
            # Peerwave speaks plain text only
            "out_enc_policy": int(lt.enc_policy.pe_disabled), "in_enc_policy": int(lt.enc_policy.pe_disabled),
            "alert_mask": lt.alert.category_t.status_notification | lt.alert.category_t.error_notification
            | lt.alert.category_t.storage_notification,
            "user_agent": "libtorrent-dht-test",
        }
        sessions.append(lt.session(settings))

    ports = [None] * len(sessions)
    deadline = time.time() + 30
    while None in ports and time.time() < deadline:
        for i, ses in enumerate(sessions):
            ses.wait_for_alert(100)
            for al in ses.pop_alerts():
                if isinstance(al, lt.listen_succeeded_alert) and al.socket_type == lt.socket_type_t.tcp:
                    ports[i] = al.port
                elif isinstance(al, lt.listen_failed_alert):
                    out({"event": "error", "message": al.message()})
                    sys.exit(1)
    if None in ports:
        out({"event": "error", "message": "did not start listening"})
        sys.exit(1)
    nodes = list(zip(a.node, ports))
    extra = [hostport(b) for b in a.bootstrap]
    for i, ses in enumerate(sessions):
        for j, n in enumerate(nodes):
            if i != j:
                ses.add_dht_node(n)
        for n in extra:
            ses.add_dht_node(n)

    seed = leech = None
    if a.seed:
        p = lt.add_torrent_params()
        p.ti = lt.torrent_info(a.seed)
        p.save_path = a.seed_save
        p.flags &= ~(lt.torrent_flags.auto_managed | lt.torrent_flags.paused)
        p.flags |= lt.torrent_flags.seed_mode
        seed = sessions[0].add_torrent(p)
    if a.magnet:
        p = lt.parse_magnet_uri(a.magnet)
        p.save_path = a.save
        p.flags &= ~(lt.torrent_flags.auto_managed | lt.torrent_flags.paused)
        leech = sessions[-1].add_torrent(p)
    out({"event": "listening", "nodes": [[ip, port] for ip, port in nodes]})

    finished = flushing = False
    last_announce = 0
    while True:
        now = time.time()
        if now - last_announce > 2:
            for h in (seed, leech):
                if h is not None:
                    h.force_dht_announce()
            last_announce = now
        status = {"event": "status", "dhtNodes": [ses.status().dht_nodes for ses in sessions]}
        if seed is not None:
            s = seed.status()
            status["seed"] = {"state": str(s.state), "peers": s.num_peers, "upload": s.total_payload_upload}
        if leech is not None:
            s = leech.status()
            status["leech"] = {"state": str(s.state), "peers": s.num_peers, "progress": s.progress,
                               "hasMetadata": s.has_metadata, "download": s.total_payload_download,
                               "peerList": ["%s:%d" % (pi.ip[0], pi.ip[1]) for pi in leech.get_peer_info()]}
            if s.is_seeding and not flushing:
                flushing = True
                leech.flush_cache()
        out(status)
        for ses in sessions:
            for al in ses.pop_alerts():
                if isinstance(al, (lt.torrent_error_alert, lt.file_error_alert)):
                    out({"event": "error", "message": al.message()})
                elif isinstance(al, lt.cache_flushed_alert) and flushing and not finished:
                    finished = True
                    out({"event": "finished"})
        r, _, _ = select.select([sys.stdin], [], [], 0.5)
        if r and not sys.stdin.readline():
            break


if __name__ == "__main__":
    main()
