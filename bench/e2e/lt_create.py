#!/usr/bin/python3
"""libtorrent helper for create-bench.sh (run with Debian's /usr/bin/python3).

  lt_create.py create MODE PIECE_LENGTH PATH OUT.torrent
      Create a torrent of PATH with libtorrent's create_torrent + set_piece_hashes.
      MODE is v1 (create_torrent.v1_only), v2 (create_torrent.v2_only) or hybrid (flags 0).

  lt_create.py summary FILE.torrent...
      For each torrent print one tab-separated line: path, v1 info hash, v2 info hash,
      SHA-1 of the v1 "pieces" string, SHA-1 of the concatenated v2 "pieces root"s
      ("-" when absent). Used to check that all tools hashed the same data identically.
"""
import hashlib
import os
import sys

import libtorrent as lt

MODES = {
    "v1": lambda: lt.create_torrent.v1_only,
    "v2": lambda: lt.create_torrent.v2_only,
    "hybrid": lambda: 0,
}


def create(mode, piece_length, path, out):
    path = os.path.abspath(path)
    fs = lt.file_storage()
    lt.add_files(fs, path)
    ct = lt.create_torrent(fs, int(piece_length), flags=MODES[mode]())
    ct.set_creator("libtorrent %s" % lt.__version__)
    lt.set_piece_hashes(ct, os.path.dirname(path))
    with open(out, "wb") as f:
        f.write(lt.bencode(ct.generate()))


def _roots(tree, acc):
    # v2 "file tree": directories map names to sub-trees; a file maps "" to its properties.
    for name in sorted(tree):
        node = tree[name]
        if name == b"" and isinstance(node, dict) and b"length" in node:
            root = node.get(b"pieces root")
            if root:
                acc.append(root)
        elif isinstance(node, dict):
            _roots(node, acc)
    return acc


def summary(paths):
    for p in paths:
        with open(p, "rb") as f:
            data = f.read()
        meta = lt.bdecode(data)
        info = meta[b"info"]
        ti = lt.torrent_info(p)
        hashes = ti.info_hashes()
        v1 = str(hashes.v1) if hashes.has_v1() else "-"
        v2 = str(hashes.v2) if hashes.has_v2() else "-"
        pieces = info.get(b"pieces")
        pieces_digest = hashlib.sha1(pieces).hexdigest() if pieces else "-"
        roots = _roots(info.get(b"file tree", {}), [])
        roots_digest = hashlib.sha1(b"".join(roots)).hexdigest() if roots else "-"
        print("\t".join([p, v1, v2, pieces_digest, roots_digest]))


def main(argv):
    if len(argv) == 6 and argv[1] == "create" and argv[2] in MODES:
        create(argv[2], argv[3], argv[4], argv[5])
    elif len(argv) >= 3 and argv[1] == "summary":
        summary(argv[2:])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
