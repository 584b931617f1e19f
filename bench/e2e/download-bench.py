#!/usr/bin/python3
"""End-to-end download and seeding benchmark against real clients, all in one run on loopback.

Download: a libtorrent seeder (bench/e2e/lt_bench_peer.py) seeds a random file of --size-mb MiB
(a v1 torrent: aria2 and Transmission 3.00 know no v2). Peerwave (`peerwave download`), aria2c,
transmission-cli and a libtorrent leecher download it in turn, each into a fresh folder. For each:
wall time (start of the process to the download being complete and verified), CPU time (user +
system) and peak RSS (/usr/bin/time), and the bytes are compared with the source. Peerwave and
libtorrent dial the seeder; aria2 and Transmission cannot be told to dial a peer (and Transmission
3.00 never dials 127/8), so the seeder dials them.

Fan-out: Peerwave (`peerwave seed`) and then the libtorrent seeder each seed a file of
--fanout-size-mb MiB to --fanout leechers at once (libtorrent sessions on their own loopback
addresses, one process). For each seeder: time until every leecher finished, aggregate upload rate,
and the seeder's CPU time and peak RSS over the fan-out.

Prints a markdown report (also to --out). Needs: /usr/bin/python3 with libtorrent, aria2c,
transmission-cli, /usr/bin/time, a JDK 25 for ./peerwave. Run from anywhere:

  bench/e2e/download-bench.py [--size-mb 1024] [--fanout 20] [--fanout-size-mb 256] [--rounds 1]
                              [--clients peerwave,aria2,transmission,libtorrent] [--out FILE] [--keep]
"""
import argparse
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
LT_PEER = os.path.join(HERE, "lt_bench_peer.py")
PY = "/usr/bin/python3"
SEEDER_IP = "127.0.0.2"


def log(msg):
    sys.stderr.write("[bench] %s\n" % msg)
    sys.stderr.flush()


def free_port(ip):
    with socket.socket() as s:
        s.bind((ip, 0))
        return s.getsockname()[1]


def wait_listening(ip, port, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection((ip, port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nothing listens on %s:%d" % (ip, port))


def random_file(path, mib):
    with open(path, "wb") as f:
        for _ in range(mib):
            f.write(os.urandom(1 << 20))


def sha1_tree(path):
    """SHA-1 over the files of a tree in name order; hidden files and folders (a client's resume or
    control data, such as Peerwave's .peerwave-resume) are left out."""
    h = hashlib.sha1()
    for root, dirs, files in sorted(os.walk(path)):
        if any(part.startswith(".") for part in os.path.relpath(root, path).split(os.sep) if part != "."):
            continue
        for name in sorted(f for f in files if not f.startswith(".")):
            with open(os.path.join(root, name), "rb") as f:
                while True:
                    chunk = f.read(1 << 20)
                    if not chunk:
                        break
                    h.update(chunk)
    return h.hexdigest()


def read_time_file(path):
    """/usr/bin/time -f '%e %U %S %M' output: wall, user, sys, max RSS KiB."""
    with open(path) as f:
        lines = [l for l in f.read().splitlines() if l.strip()]
    wall, user, sys_, rss = lines[-1].split()
    return float(user) + float(sys_), int(rss)


def timed(cmd, time_file, **kw):
    return subprocess.Popen(["/usr/bin/time", "-f", "%e %U %S %M", "-o", time_file] + cmd, **kw)


def child_pid(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            kids = f.read().split()
        return int(kids[0]) if kids else None
    except OSError:
        return None


class Seeder:
    """The libtorrent seeder (lt_bench_peer.py seed); 'connect' makes it dial a leecher."""

    def __init__(self, torrent, data, port):
        self.p = subprocess.Popen([PY, LT_PEER, "seed", "--torrent", torrent, "--data", data,
                                   "--listen", "%s:%d" % (SEEDER_IP, port)],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        if self.p.stdout.readline().strip() != "ready":
            raise RuntimeError("libtorrent seeder did not start")
        self.port = port

    def connect(self, ip, port):
        self.p.stdin.write("connect %s %d\n" % (ip, port))
        self.p.stdin.flush()

    def close(self):
        self.p.stdin.close()
        self.p.wait(timeout=30)


def run_client(name, torrent, seeder, work, ip, timeout):
    """Downloads with one client; returns (wall seconds, cpu seconds, rss KiB, save dir)."""
    save = os.path.join(work, "dl-" + name)
    shutil.rmtree(save, ignore_errors=True)
    os.makedirs(save)
    tf = os.path.join(work, "time-" + name)
    port = free_port(ip)
    seeder_addr = "%s:%d" % (SEEDER_IP, seeder.port)
    marker = None
    out = open(os.path.join(work, "log-" + name), "w")
    if name == "peerwave":
        cmd = [os.path.join(REPO, "peerwave"), "download", torrent, "-o", save, "--listen", ip,
               "--port", str(port), "--peer", seeder_addr]
    elif name == "libtorrent":
        cmd = [PY, LT_PEER, "leech", "--torrent", torrent, "--save", save, "--listen", "%s:%d" % (ip, port),
               "--connect", seeder_addr]
    elif name == "aria2":
        cmd = ["aria2c", "-d", save, "--seed-time=0", "--listen-port=%d" % port, "--enable-dht=false",
               "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false",
               "--file-allocation=none", "--console-log-level=warn", "--summary-interval=0",
               "--bt-detach-seed-only=true", torrent]
    elif name == "transmission":
        conf = os.path.join(work, "tr-config")
        shutil.rmtree(conf, ignore_errors=True)
        marker = os.path.join(work, "tr-finished")
        if os.path.exists(marker):
            os.remove(marker)
        script = os.path.join(work, "tr-finish.sh")
        with open(script, "w") as f:
            f.write("#!/bin/sh\ntouch '%s'\n" % marker)
        os.chmod(script, 0o755)
        cmd = ["transmission-cli", "-g", conf, "-w", save, "-p", str(port), "-M", "-ep", "-f", script, torrent]
    else:
        raise ValueError(name)
    start = time.time()
    p = timed(cmd, tf, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    if name in ("aria2", "transmission"):
        wait_listening("127.0.0.1", port)
        seeder.connect("127.0.0.1", port)
    end = None
    while time.time() - start < timeout:
        if marker and os.path.exists(marker):
            end = time.time()
            kid = child_pid(p.pid)
            if kid:
                os.kill(kid, signal.SIGTERM)
            p.wait(timeout=60)
            break
        if p.poll() is not None:
            end = time.time()
            break
        time.sleep(0.02)
    if end is None:
        kid = child_pid(p.pid)
        if kid:
            os.kill(kid, signal.SIGKILL)
        p.wait()
        raise RuntimeError("%s did not finish in %d s (log: %s)" % (name, timeout, out.name))
    if p.returncode != 0 and not marker:
        raise RuntimeError("%s exited with %d (log: %s)" % (name, p.returncode, out.name))
    cpu, rss = read_time_file(tf)
    return end - start, cpu, rss, save


def proc_cpu(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / tick


def proc_hwm(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def fanout(which, torrent, data, work, count, timeout):
    """Seeds to `count` libtorrent leechers at once; returns (seconds, cpu seconds, rss KiB)."""
    port = free_port(SEEDER_IP)
    if which == "peerwave":
        seeder = subprocess.Popen([os.path.join(REPO, "peerwave"), "seed", torrent, "--data", data,
                                   "--listen", SEEDER_IP, "--port", str(port)],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for line in seeder.stdout:
            if line.startswith("seeding"):
                break
        pid = seeder.pid
    else:
        s = Seeder(torrent, data, port)
        seeder = s.p
        pid = s.p.pid
    root = os.path.join(work, "fan-" + which)
    shutil.rmtree(root, ignore_errors=True)
    cpu0 = proc_cpu(pid)
    start = time.time()
    leechers = subprocess.Popen([PY, LT_PEER, "fanout", "--torrent", torrent, "--count", str(count),
                                 "--save-root", root, "--first-ip", "127.0.1.1",
                                 "--connect", "%s:%d" % (SEEDER_IP, port)], stdout=subprocess.PIPE, text=True)
    done = 0
    for line in leechers.stdout:
        if line.startswith("done"):
            done += 1
        if done == count or time.time() - start > timeout:
            break
    elapsed = time.time() - start
    cpu = proc_cpu(pid) - cpu0
    rss = proc_hwm(pid)
    leechers.kill()
    leechers.wait()
    if which == "peerwave":
        seeder.send_signal(signal.SIGINT)
        try:
            seeder.wait(timeout=20)
        except subprocess.TimeoutExpired:
            seeder.kill()
    else:
        s.close()
    if done < count:
        raise RuntimeError("%s fan-out: only %d of %d leechers finished" % (which, done, count))
    shutil.rmtree(root, ignore_errors=True)
    return elapsed, cpu, rss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size-mb", type=int, default=1024)
    ap.add_argument("--piece-length", type=int, default=0, help="0 = automatic (as libtorrent)")
    ap.add_argument("--rounds", type=int, default=1, help="each client's best round is reported")
    ap.add_argument("--clients", default="peerwave,aria2,transmission,libtorrent")
    ap.add_argument("--fanout", type=int, default=20, help="leechers in the fan-out (0 = skip it)")
    ap.add_argument("--fanout-size-mb", type=int, default=256)
    ap.add_argument("--timeout", type=int, default=900)
    ap.add_argument("--out")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()

    work = tempfile.mkdtemp(prefix="pw-dlbench-")
    report = []
    try:
        data = os.path.join(work, "data")
        os.makedirs(data)
        src = os.path.join(data, "bench.bin")
        log("writing %d MiB of random data" % a.size_mb)
        random_file(src, a.size_mb)
        torrent = os.path.join(work, "bench.torrent")
        create = [os.path.join(REPO, "peerwave"), "create", "--v1", "--no-date", src, "-o", torrent, "-f"]
        if a.piece_length:
            create += ["--piece-length", str(a.piece_length)]
        subprocess.run(create, check=True, stdout=subprocess.DEVNULL)
        expected = sha1_tree(data)
        seeder = Seeder(torrent, data, free_port(SEEDER_IP))
        rows = {}
        clients = a.clients.split(",")
        for r in range(a.rounds):
            for i, name in enumerate(clients):
                log("round %d: %s downloads %d MiB" % (r + 1, name, a.size_mb))
                wall, cpu, rss, save = run_client(name, torrent, seeder, work, "127.0.0.%d" % (10 + i), a.timeout)
                ok = sha1_tree(save) == expected
                log("  %.2f s, cpu %.2f s, rss %d MiB, bytes %s" % (wall, cpu, rss // 1024, "ok" if ok else "DIFFER"))
                if not ok:
                    raise RuntimeError("%s downloaded different bytes" % name)
                shutil.rmtree(save)
                if name not in rows or wall < rows[name][0]:
                    rows[name] = (wall, cpu, rss)
        seeder.close()
        fastest = min(v[0] for v in rows.values())
        others = [v[0] for k, v in rows.items() if k != "peerwave"]
        report.append("## Download: %d MiB, one libtorrent seeder on loopback (%s)" % (a.size_mb, time.strftime("%Y-%m-%d")))
        report.append("")
        report.append("| client | wall s | MB/s | CPU s | peak RSS MiB | wall / fastest |")
        report.append("|---|---:|---:|---:|---:|---:|")
        for name in clients:
            wall, cpu, rss = rows[name]
            report.append("| %s | %.2f | %.0f | %.2f | %d | %.2f |" % (
                name, wall, a.size_mb * 1048576 / wall / 1e6, cpu, rss // 1024, wall / fastest))
        if "peerwave" in rows and others:
            report.append("")
            report.append("Peerwave's wall time is %.2f× the fastest other client's (%.2f s)." % (
                rows["peerwave"][0] / min(others), min(others)))
        if a.fanout > 0:
            fdata = os.path.join(work, "fan-data")
            os.makedirs(fdata)
            random_file(os.path.join(fdata, "fan.bin"), a.fanout_size_mb)
            ftorrent = os.path.join(work, "fan.torrent")
            subprocess.run([os.path.join(REPO, "peerwave"), "create", "--v1", "--no-date",
                            os.path.join(fdata, "fan.bin"), "-o", ftorrent, "-f"], check=True, stdout=subprocess.DEVNULL)
            frows = {}
            for which in ("peerwave", "libtorrent"):
                log("fan-out: %s seeds %d MiB to %d leechers" % (which, a.fanout_size_mb, a.fanout))
                frows[which] = fanout(which, ftorrent, fdata, work, a.fanout, a.timeout)
                log("  %.2f s, cpu %.2f s" % frows[which][:2])
            report.append("")
            report.append("## Seeding fan-out: %d MiB to %d libtorrent leechers at once" % (a.fanout_size_mb, a.fanout))
            report.append("")
            report.append("| seeder | time s | aggregate upload MB/s | seeder CPU s | CPU s per GB | seeder peak RSS MiB |")
            report.append("|---|---:|---:|---:|---:|---:|")
            total = a.fanout * a.fanout_size_mb * 1048576
            for which, (t, cpu, rss) in frows.items():
                report.append("| %s | %.2f | %.0f | %.2f | %.2f | %d |" % (
                    which, t, total / t / 1e6, cpu, cpu / (total / 1e9), rss // 1024))
            report.append("")
            report.append("Peerwave's aggregate upload rate is %.2f× libtorrent's." % (frows["libtorrent"][0] / frows["peerwave"][0]))
        text = "\n".join(report) + "\n"
        sys.stdout.write(text)
        if a.out:
            with open(a.out, "w") as f:
                f.write(text)
    finally:
        if a.keep:
            log("work directory kept: " + work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
