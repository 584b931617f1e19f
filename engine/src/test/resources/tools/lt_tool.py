#!/usr/bin/python3
"""Reference operations done with Debian's python3-libtorrent (2.0), for Peerwave's tests.

  lt_tool.py create SRC OUTDIR MODE:PIECE_LENGTH...   writes OUTDIR/MODE-PIECE_LENGTH.torrent
  lt_tool.py inspect TORRENT...                        prints one JSON object per torrent
  lt_tool.py make-magnet TORRENT...                    prints libtorrent's magnet link per torrent
  lt_tool.py parse-magnet URI...                       prints one JSON object per magnet link
"""
import hashlib
import json
import os
import sys

import libtorrent as lt

FLAGS = {"v1": lt.create_torrent.v1_only, "v2": lt.create_torrent.v2_only, "hybrid": 0}


def create(src, outdir, specs):
    src = os.path.abspath(src)
    for spec in specs:
        mode, piece_length = spec.split(":")
        fs = lt.file_storage()
        lt.add_files(fs, src)
        ct = lt.create_torrent(fs, int(piece_length), flags=FLAGS[mode])
        lt.set_piece_hashes(ct, os.path.dirname(src))
        with open(os.path.join(outdir, "%s-%s.torrent" % (mode, piece_length)), "wb") as f:
            f.write(lt.bencode(ct.generate()))
    print("ok")


def inspect(paths):
    for path in paths:
        try:
            ti = lt.torrent_info(path)
        except Exception as e:  # report, the caller asserts
            print(json.dumps({"file": path, "error": str(e)}))
            continue
        ih = ti.info_hashes()
        fs = ti.files()
        files = []
        roots = []
        for i in range(fs.num_files()):
            pad = bool(fs.file_flags(i) & lt.file_storage.flag_pad_file)
            files.append([fs.file_path(i), fs.file_size(i), pad])
            if ih.has_v2() and not pad and fs.file_size(i) > 0:
                roots.append(str(fs.root(i)))
        pieces = hashlib.sha1()
        if ih.has_v1():
            for p in range(ti.num_pieces()):
                pieces.update(ti.hash_for_piece(p))
        print(json.dumps({
            "file": path,
            "name": ti.name(),
            "v1": str(ih.v1) if ih.has_v1() else None,
            "v2": str(ih.v2) if ih.has_v2() else None,
            "num_pieces": ti.num_pieces(),
            "piece_length": ti.piece_length(),
            "total_size": ti.total_size(),
            "private": ti.priv(),
            "files": files,
            "roots": roots,
            "v1_pieces_sha1": pieces.hexdigest() if ih.has_v1() else None,
            "trackers": [t.url for t in ti.trackers()],
        }, ensure_ascii=False))


def make_magnet(paths):
    for path in paths:
        print(lt.make_magnet_uri(lt.torrent_info(path)))


def parse_magnet(uris):
    for uri in uris:
        try:
            p = lt.parse_magnet_uri(uri)
        except Exception as e:  # report, the caller asserts
            print(json.dumps({"uri": uri, "error": str(e)}))
            continue
        ih = p.info_hashes
        print(json.dumps({
            "uri": uri,
            "v1": str(ih.v1) if ih.has_v1() else None,
            "v2": str(ih.v2) if ih.has_v2() else None,
            "name": p.name,
            "trackers": list(p.trackers),
        }, ensure_ascii=False))


if __name__ == "__main__":
    if sys.argv[1] == "create":
        create(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif sys.argv[1] == "inspect":
        inspect(sys.argv[2:])
    elif sys.argv[1] == "make-magnet":
        make_magnet(sys.argv[2:])
    elif sys.argv[1] == "parse-magnet":
        parse_magnet(sys.argv[2:])
    else:
        sys.exit("unknown command " + sys.argv[1])
