#!/usr/bin/env python3
"""Turns bench/run's raw results (runs.csv, nodes.csv, resume.json in OUT) into the markdown
report and runs.json; with --scale, the results of the scale mode (scale.jsonl) into the scale
section of the report, with --s3 those of the S3 mode (s3runs.csv) into its S3 section, leaving
the rest of it as it is (and the full mode keeps both sections).

  report.py [--scale | --s3] --out OUT --report FILE --work DIR [--set key=value ...]
"""
import argparse
import csv
import json
import os
import platform
import re
import statistics
import subprocess
import time

TOOLS = {
    "cp": "cp -r",
    "rsync": "rsync -a",
    "rclone": "rclone copy",
    "syncf-1node": "SyncF, one node (SQLite, embedded broker)",
    "syncf-nofsync": "SyncF, one node, no fsync (`SYNCF_TRANSFER_FSYNC=false`, as the peers)",
    "syncf-cluster": "SyncF, master + worker (PostgreSQL, RabbitMQ)",
}
PEERS = ["cp", "rsync", "rclone"]
SYNCFS = ["syncf-1node", "syncf-nofsync", "syncf-cluster"]
MIB = 1 << 20


def sh(*command):
    """First line a command prints (stdout or stderr), or 'not found'."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        text = (done.stdout.strip() or done.stderr.strip())
        return text.splitlines()[0].strip() if text else "?"
    except (OSError, subprocess.TimeoutExpired):
        return "not found"


def read_file(path, default=""):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return default


def machine(work):
    cpuinfo = read_file("/proc/cpuinfo")
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?")
    flags = next((line for line in cpuinfo.splitlines() if line.startswith("flags")), "")
    meminfo = dict(line.split(":", 1) for line in read_file("/proc/meminfo").splitlines() if ":" in line)
    ram_gib = int(meminfo.get("MemTotal", "0 kB").split()[0]) / (1 << 20)
    fs = sh("findmnt", "-n", "-o", "SOURCE,FSTYPE,OPTIONS", "-T", work)
    df = " / ".join(sh("sh", "-c", f"df -h --output=size,avail '{work}' | tail -n 1").split())
    source = fs.split()[0] if fs and fs != "not found" else ""
    rotational = sh("lsblk", "-n", "-d", "-o", "ROTA", source) if source.startswith("/dev/") else "?"
    os_name = next((line.split("=", 1)[1].strip('"') for line in read_file("/etc/os-release").splitlines()
                    if line.startswith("PRETTY_NAME=")), "?")
    return {
        "cpu": model + (" (SHA extensions)" if " sha_ni" in flags else ""),
        "cores": os.cpu_count(),
        "ram_gib": round(ram_gib, 1),
        "disk": f"{' '.join(fs.split())}; size / free {df}; rotational (lsblk ROTA) {rotational}",
        "os": os_name,
        "kernel": platform.release(),
        "java": sh("java", "-version"),
        "rsync": sh("rsync", "--version"),
        "rclone": sh("rclone", "version"),
        "cp": sh("cp", "--version"),
        "python": platform.python_version(),
        "postgresql": sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-tAc", "show server_version"),
        "rabbitmq": sh("rabbitmqctl", "-q", "version"),
        "syncf": sh("git", "-C", os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "describe", "--always",
                    "--dirty"),
    }


def load_runs(out):
    with open(os.path.join(out, "runs.csv")) as f:
        runs = list(csv.DictReader(f))
    for run in runs:
        run["seconds"] = float(run["seconds"])
        run["rep"] = int(run["rep"])
        run["order"] = int(run["order"])
        run["max_rss_kib"] = int(run["max_rss_kib"]) if run["max_rss_kib"] else None
    return runs


def load_nodes(out):
    with open(os.path.join(out, "nodes.csv")) as f:
        rows = list(csv.DictReader(f))
    boot = {r["node"]: float(r["value"]) for r in rows if r["what"] == "boot" and r["value"]}
    rchar = {(r["what"], r["node"]): int(r["value"]) for r in rows if r["what"].startswith("rchar") and r["value"]}
    hwm = {}
    for r in rows:
        if r["what"] == "vmhwm" and r["value"]:
            hwm[r["node"]] = max(hwm.get(r["node"], 0), int(r["value"]))
    return boot, hwm, rchar


def stats(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def seconds(s):
    return f"{s:.3f}" if s < 10 else f"{s:.1f}"


def span(st):
    return f"{seconds(st['min'])}–{seconds(st['max'])}"


def mib(kib):
    return f"{kib / 1024:.0f} MiB"


def tree_sizes(work):
    sizes = {}
    for tree in "ABC":
        with open(os.path.join(work, "trees", tree + ".manifest.json")) as f:
            manifest = json.load(f)
        files = len(manifest["files"])
        sizes[tree] = {"files": files, "bytes": files * manifest["bytes_per_file"],
                       "bytes_per_file": manifest["bytes_per_file"]}
    return sizes


def describe_tree(size):
    per = size["bytes_per_file"]
    unit = f"{per // (1 << 30)} GiB" if per >= 1 << 30 else f"{per // MIB} MiB" if per >= MIB else f"{per // 1024} KiB"
    return f"{size['files']:,} × {unit}"


def rate(tree, size, median):
    if tree == "B":
        return f"{size['files'] / median:,.0f} files/s ({median / size['files'] * 1e6:,.0f} µs/file)"
    return f"{size['bytes'] / MIB / median:,.0f} MiB/s"


def grouped(runs, measure):
    groups = {}
    for run in runs:
        if run["measure"] == measure:
            groups.setdefault((run["tree"], run["tool"]), []).append(run["seconds"])
    return {key: stats(values) for key, values in groups.items()}


def rss_of(runs, tool, hwm):
    if tool in PEERS:
        values = [r["max_rss_kib"] for r in runs if r["tool"] == tool and r["max_rss_kib"]]
        return mib(max(values)) if values else "?"
    if tool in ("syncf-1node", "syncf-nofsync"):
        return f"{mib(hwm[tool])} (JVM)" if tool in hwm else "?"
    parts = [f"{name} {mib(hwm[name])}" for name in ("master", "worker") if name in hwm]
    return " + ".join(parts) + " (JVMs)" if parts else "?"


def copy_section(runs, sizes, hwm):
    copies = grouped(runs, "copy")
    lines = ["| Tree | Tool | Median (s) | Min–max (s) | Median rate | Max RSS |", "|---|---|---:|---:|---|---|"]
    for tree in "ABC":
        for tool in TOOLS:
            st = copies.get((tree, tool))
            if st:
                lines.append(f"| {tree}: {describe_tree(sizes[tree])} | {TOOLS[tool]} | {seconds(st['median'])} "
                             f"| {span(st)} | {rate(tree, sizes[tree], st['median'])} | {rss_of(runs, tool, hwm)} |")
    lines += ["", "SyncF's median time divided by each peer's (2.0 = SyncF takes twice as long):", "",
              "| Tree | SyncF | ÷ cp -r | ÷ rsync -a | ÷ rclone copy |", "|---|---|---:|---:|---:|"]
    for tree in "ABC":
        for syncf in SYNCFS:
            if (tree, syncf) not in copies:
                continue
            ratios = [f"{copies[(tree, syncf)]['median'] / copies[(tree, peer)]['median']:.1f}×"
                      if (tree, peer) in copies else "?" for peer in PEERS]
            lines.append(f"| {tree} | {TOOLS[syncf]} | " + " | ".join(ratios) + " |")
    warmups = grouped(runs, "warmup")
    if warmups:
        lines += ["", "Before its timed runs of a tree, each SyncF node copies it once, untimed in the tables above: "
                  "SyncF is a service measured as it runs in use, and the first job after a boot pays the JIT "
                  "compilation of its copy path. Those first jobs took:", ""]
        for syncf in SYNCFS:
            firsts = [f"{tree} {seconds(warmups[(tree, syncf)]['median'])} s" for tree in "ABC" if (tree, syncf) in warmups]
            if firsts:
                lines.append(f"- {TOOLS[syncf]}: " + ", ".join(firsts) + ".")
    return lines


def rescan_section(runs, sizes):
    rescans = grouped(runs, "rescan")
    if not rescans:
        return []
    lines = [f"| Tool | Tree | Median (s) | Min–max (s) |", "|---|---|---:|---:|"]
    for tool in ["rsync", "rclone"] + SYNCFS:
        for tree in "BA":
            st = rescans.get((tree, tool))
            if st:
                lines.append(f"| {TOOLS[tool]} | {tree}: {describe_tree(sizes[tree])} | {seconds(st['median'])} | {span(st)} |")
    ratio_lines = []
    for syncf in SYNCFS:
        if ("B", syncf) in rescans:
            ratio = [f"{rescans[('B', syncf)]['median'] / rescans[('B', peer)]['median']:.1f}× rsync -a"
                     if ("B", peer) in rescans else "" for peer in ["rsync"]]
            ratio += [f"{rescans[('B', syncf)]['median'] / rescans[('B', 'rclone')]['median']:.1f}× rclone copy"
                      if ("B", "rclone") in rescans else ""]
            extra = ""
            if ("A", syncf) in rescans:
                extra = (f"; without the fixed cost seen on the one-file job of A "
                         f"({seconds(rescans[('A', syncf)]['median'])} s), the scan of B takes "
                         f"{seconds(max(0.0, rescans[('B', syncf)]['median'] - rescans[('A', syncf)]['median']))} s")
            ratio_lines.append(f"- {TOOLS[syncf]}: " + ", ".join(r for r in ratio if r) + extra + ".")
    return lines + [""] + ratio_lines


def resume_section(resume, boot, rchar):
    if not resume:
        return ["Not run."]
    done, size, checkpoint = resume["done"], resume["file_bytes"], resume["checkpoint_at_kill"]
    part, read_dead = resume.get("part_file_bytes_at_kill"), resume.get("bytes_read_by_killed_worker")

    def mb(value):
        return "?" if value is None else f"{value / MIB:,.1f} MiB"

    read_twice = None if read_dead is None else max(0, read_dead - checkpoint)
    # the new worker's reads for the resume: all it read, less what a worker reads to boot (the
    # first worker's reads when it became ready); approximate by a few MiB of classes and sockets
    total_new = rchar.get(("rchar_done", "worker2"))
    boot_reads = rchar.get(("rchar_ready", "worker"))
    resumed = None if total_new is None or boot_reads is None else total_new - boot_reads
    return [
        "| | |", "|---|---:|",
        f"| File | {mb(size)} |",
        f"| Worker killed (SIGKILL) | {resume['seconds_to_kill']:.2f} s after `POST /api/jobs` |",
        f"| Checkpoint at the kill (`copied_bytes`) | {mb(checkpoint)} ({checkpoint / size:.0%}) |",
        f"| Part file at the kill (what the dead worker wrote) | {mb(part)} |",
        f"| Read by the dead worker for this job (its `rchar`) | {mb(read_dead)} |",
        f"| Source bytes read twice: the dead worker's reads past its last checkpoint | {mb(read_twice)} |",
        f"| Read by the new worker to finish (its `rchar` at the end, {mb(total_new)}, less a worker's boot reads, "
        f"{mb(boot_reads)}): the part file re-hashed up to the checkpoint plus the rest of the source, "
        f"by design {mb(size)} | ≈ {mb(resumed)} |",
        f"| New worker's boot (started right after the kill) | {boot.get('worker2', 0):.1f} s |",
        f"| Kill → task taken over by the new worker | {done['taken_over_after']:.1f} s |",
        f"| Kill → job done | {done['seconds']:.1f} s |",
        f"| Attempts recorded on the task | {done['attempts']} |",
        f"| Resumes recorded on the task (`resumes`) | {done.get('resumes', '?')} |",
        f"| Bytes re-read recorded on the task (`reread_bytes`: the part file past the checkpoint, cut off and "
        f"copied again) | {mb(done.get('reread_bytes'))} |",
        "",
        "The task's `resumes` and `reread_bytes` come from the tracking API; the reads come from the workers' "
        "`/proc/PID/io` (`rchar`), the part file's size from the sink, the takeover from the task's `slave_id` "
        "seen changing. A chunk is 8 MiB: the goal is at most one chunk read twice.",
    ]


SCALE_BEGIN = "<!-- scale section: written by bench/run --scale; the other modes keep it -->"
SCALE_END = "<!-- end of the scale section -->"
GC_LINE = re.compile(r"\bPause (Young|Full|Remark|Cleanup)\b.* (\d+)M->(\d+)M\((\d+)M\)")


S3_BEGIN = "<!-- s3 section: written by bench/run --s3; the other modes keep it -->"
S3_END = "<!-- end of the s3 section -->"


def section_of(path, begin, end):
    text = read_file(path)
    if begin in text and end in text:
        return text[text.index(begin):text.index(end) + len(end)]
    return None


def scale_section_of(path):
    return section_of(path, SCALE_BEGIN, SCALE_END)


def write_section(path, begin, end, section):
    """Replaces the section between begin and end in the report, or appends it."""
    text = read_file(path)
    old = section_of(path, begin, end)
    text = text.replace(old, section) if old else text.rstrip("\n") + ("\n\n" if text else "") + section + "\n"
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


S3_TOOLS = {"rclone": "rclone copy", "syncf-1node": "SyncF, one node (SQLite, embedded broker)"}


def s3_share(runs):
    """What share of the CPU the client and S3Proxy used together was S3Proxy's, per tool and tree."""
    parts = []
    for tool, short in (("rclone", "rclone"), ("syncf-1node", "SyncF")):
        shares = []
        for tree in "ABC":
            rows = [r for r in runs if r["measure"] == "copy" and r["tree"] == tree and r["tool"] == tool
                    and r["cpu_seconds"] is not None]
            proxy = sum(r["s3proxy_cpu_seconds"] for r in rows)
            both = proxy + sum(r["cpu_seconds"] for r in rows)
            if both:
                shares.append(f"{tree} {proxy / both:.0%}")
        if shares:
            parts.append(f"during {short}'s copies S3Proxy's share of the CPU the two used was "
                         + ", ".join(shares))
    return "; ".join(parts) + " (above half: the server, not the client, is the larger consumer)."


def s3_section(out, work, meta):
    with open(os.path.join(out, "s3runs.csv")) as f:
        runs = list(csv.DictReader(f))
    for run in runs:
        for key in ("seconds", "cpu_seconds", "s3proxy_cpu_seconds", "load1"):
            run[key] = float(run[key]) if run[key] else None
    boot, hwm, _ = load_nodes(out)
    sizes = tree_sizes(work)
    box = machine(work)
    cold = meta.get("drop_caches") == "yes"
    reps = meta.get("reps")
    quick = meta.get("mode") == "quick"

    def of(measure, tree, tool, key="seconds"):
        return [r[key] for r in runs if r["measure"] == measure and r["tree"] == tree and r["tool"] == tool]

    def rss(tool):
        if tool == "rclone":
            values = [int(r["max_rss_kib"]) for r in runs if r["tool"] == tool and r["max_rss_kib"]]
            return mib(max(values)) if values else "?"
        return f"{mib(hwm[tool])} (JVM)" if tool in hwm else "?"

    md = [S3_BEGIN, "", "## local → S3 (S3Proxy)" + (" (quick mode: small trees)" if quick else ""), "",
          f"Written by `bench/run` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. Command: "
          f"`{meta.get('command')}` ({float(meta.get('seconds', 0)) / 60:.1f} min, {reps} repetition(s) of every "
          f"tree and tool). Page cache {'dropped before every timed run (cold)' if cold else 'could NOT be dropped: warm runs'}. "
          f"Load average at start {meta.get('load_at_start')}, at end {meta.get('load_at_end')}; the 1-minute load "
          "at the start of each run is in the table. "
          f"S3Proxy {meta.get('s3proxy_version')} (`org.gaul:s3proxy:{meta.get('s3proxy_version')}:jar-with-dependencies`), "
          f"{box['rclone']}, {box['java']}, SyncF {box['syncf']}, on {box['cpu']}, {box['cores']} cores.", "",
          "**Read this as a comparison of the two clients against one local server, not of S3.** The server is "
          "S3Proxy with the jclouds filesystem backend, on the same 2 cores as the client, over loopback HTTP: it "
          "checks every request's SigV4 signature (for the AWS SDK for Java's chunk-signed bodies, every chunk's), "
          "writes each object as a file with its metadata in xattrs, and takes CPU from the client it serves. "
          "Its CPU time is in the table beside the client's, and *Cores busy* is the two together per second of "
          f"the copy (medians; {os.cpu_count()} is every core, which other work on the machine, see the load, also "
          "wanted): where it is near that, the copy is bound by the machine's CPU, shared by client and server; "
          + s3_share(runs) + " No network, no S3 latency, no throttling: on a real S3 endpoint both clients would "
          "wait on round trips instead.", "",
          "| Tree | Tool | Median (s) | Min–max (s) | MiB/s | files/s | Client CPU (s) | S3Proxy CPU (s) | Cores busy | Load (1 min) | Max RSS |",
          "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    medians = {}
    for tree in "ABC":
        size = sizes[tree]
        for tool in S3_TOOLS:
            values = of("copy", tree, tool)
            if not values:
                continue
            st = stats(values)
            medians[(tree, tool)] = st["median"]
            cpu = statistics.median([v for v in of("copy", tree, tool, "cpu_seconds") if v is not None] or [0])
            proxy = statistics.median(of("copy", tree, tool, "s3proxy_cpu_seconds"))
            loads = of("copy", tree, tool, "load1")
            # the CPU the client and S3Proxy used per second of the copy: 2.0 is both cores
            busy = statistics.median((r["cpu_seconds"] + r["s3proxy_cpu_seconds"]) / r["seconds"] for r in runs
                                     if r["measure"] == "copy" and r["tree"] == tree and r["tool"] == tool
                                     and r["cpu_seconds"] is not None)
            md.append(f"| {tree}: {describe_tree(size)} | {S3_TOOLS[tool]} | {seconds(st['median'])} | {span(st)} "
                      f"| {size['bytes'] / MIB / st['median']:,.1f} | {size['files'] / st['median']:,.1f} "
                      f"| {cpu:.1f} | {proxy:.1f} | {busy:.2f} | {min(loads):.1f}–{max(loads):.1f} | {rss(tool)} |")
    md += ["", "SyncF's median time divided by rclone's (below 1.0: SyncF is faster):", "",
           "| Tree | SyncF ÷ rclone copy |", "|---|---:|"]
    for tree in "ABC":
        if (tree, "syncf-1node") in medians and (tree, "rclone") in medians:
            md.append(f"| {tree}: {describe_tree(sizes[tree])} | "
                      f"{medians[(tree, 'syncf-1node')] / medians[(tree, 'rclone')]:.2f}× |")
    firsts = []
    for tool in S3_TOOLS:
        times = [f"{tree} {seconds(of('warmup', tree, tool)[0])} s" for tree in "ABC" if of("warmup", tree, tool)]
        if times:
            firsts.append(f"{S3_TOOLS[tool]} " + ", ".join(times))
    if firsts:
        md += ["", "Before the timed runs of each tree, each tool copies it once, untimed in the tables (SyncF's and "
               "S3Proxy's JIT compilation): " + "; ".join(firsts) + "."]
    md += ["", "How it was measured:", "",
           f"- S3Proxy started by the bench: `java -Xmx512m -jar s3proxy-{meta.get('s3proxy_version')}-jar-with-dependencies.jar "
           "--properties s3proxy.conf` with `s3proxy.endpoint=http://127.0.0.1:<free port>`, "
           "`s3proxy.authorization=aws-v2-or-v4`, keys made for the run, `jclouds.provider=filesystem` with its data "
           f"directory under the work directory; ready {boot.get('s3proxy', 0):.1f} s after its start; stopped by its PID "
           "at the end. One bucket, `bench`; every run copies into a prefix of its own (`bench/<tree>-<tool>-r<rep>`).",
           "- rclone: `rclone copy trees/<tree> benchs3:bench/<prefix>` with the remote configured by environment "
           "variables only (`RCLONE_CONFIG=/dev/null`, `RCLONE_CONFIG_BENCHS3_TYPE=s3`, `…_PROVIDER=Other`, "
           "`…_ENDPOINT`, `…_ACCESS_KEY_ID`, `…_SECRET_ACCESS_KEY`, `…_FORCE_PATH_STYLE=true`, `…_ENV_AUTH=false`) and "
           "rclone's defaults untuned: `--transfers 4`, `--checkers 8`, `--s3-upload-cutoff 200Mi` (A goes up as a "
           "multipart upload, B and C as single PUTs), `--s3-chunk-size 5Mi`, `--s3-upload-concurrency 4`, an MD5 per "
           "object, a HEAD after each upload. Wall time around the command; CPU (user + system) and max RSS from GNU "
           "time.",
           "- SyncF: one node, `./syncf start` (SQLite, embedded broker, `-Xmx768m`), defaults otherwise, plus "
           "`SYNCF_S3_BUCKETS=bench AWS_ENDPOINT_URL_S3=<the endpoint> AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=… "
           "AWS_SECRET_ACCESS_KEY=…`, started once; each run is a new job `POST /api/jobs "
           "{\"source_path\":\"trees/<tree>\",\"source_type\":\"local\",\"sink_path\":\"bench/<prefix>\","
           "\"sink_type\":\"s3\",\"interval\":\"1h\"}`, timed until `GET /api/jobs/{id}/tracking` (every 50 ms) "
           "shows every file's task completed. Its CPU is the JVM's (`/proc/PID/stat`) over the run, scan and API "
           "included; max RSS its `VmHWM`.",
           "- Interleaved: per tree, the tools take turns, in an order that alternates per repetition. S3Proxy's CPU "
           "is read from its `/proc/PID/stat` before and after each run.",
           "- Verified, every copy, warm-ups included: the prefix listed through S3 (`rclone lsjson -R --files-only`: "
           "no object missing or extra, every size right) and every object read back through S3 and hashed "
           "(`rclone hashsum sha256 --download`) against the source's SHA-256 manifest; a copy that differs fails "
           "the run. Then the prefix's files are removed from S3Proxy's data directory.",
           "- Raw results: `bench/out/s3runs.csv`; S3Proxy's console: `bench/out/s3proxy.log`.",
           "", S3_END]
    return "\n".join(md)


def heap(gc_log, job_lines):
    """From a -Xlog:gc log: the heap after the full collection just before the job, the most in use
    during the job (before any collection), the most left after any young collection during it, and
    after the full collection once it was done (all MiB). job_lines: where the job's lines start and end."""
    with open(gc_log) as f:
        lines = f.read().splitlines()
    start, end = job_lines
    before = [GC_LINE.search(line) for line in lines[:start]]
    during = [GC_LINE.search(line) for line in lines[start:end]]
    before = [m for m in before if m]
    during = [m for m in during if m]
    fulls = [m for m in during if m.group(1) == "Full"]
    return {
        "idle_after_full_gc": int(before[-1].group(3)) if before else None,
        "peak_in_use": max(int(m.group(2)) for m in during) if during else None,
        "max_after_young_gc": max((int(m.group(3)) for m in during if m.group(1) == "Young"), default=None),
        "after_full_gc": int(fulls[-1].group(3)) if fulls else None,
        "committed_max": max(int(m.group(4)) for m in during) if during else None,
        "collections": len(during),
    }


def scale_section(out, meta):
    runs = [json.loads(line) for line in read_file(os.path.join(out, "scale.jsonl")).splitlines() if line.strip()]
    rsync = {r["tree"]: r for r in load_runs(out) if r["measure"] == "scale-copy" and r["tool"] == "rsync"}
    cold = meta.get("drop_caches") == "yes"
    md = [SCALE_BEGIN, "", "## Scale: huge trees of tiny files", "",
          f"Written by `bench/run` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. Command: "
          f"`{meta.get('command')}` ({float(meta.get('seconds', 0)) / 60:.1f} min). Page cache "
          f"{'dropped before every timed run' if cold else 'could NOT be dropped: warm runs'}. Load average at start "
          f"{meta.get('load_at_start')}, at end {meta.get('load_at_end')} (the machine is shared).", "",
          "Each tree (9-byte files, directories of 100) is copied by `rsync -a`, then by SyncF's master and "
          "worker in two JVMs (`./syncf master`, `./syncf worker`; SQLite, the master's embedded broker; "
          "`-Xmx768m` each; defaults otherwise), started once and given the trees in turn, smallest first, a new job "
          "each, timed from `POST /api/jobs` until tracking shows every task completed; both copies are checked "
          "file by file.", "",
          "| Files (directories) | rsync -a | SyncF | ÷ rsync | Scan | Database |", "|---|---:|---:|---:|---:|---:|"]
    for run in runs:
        peer = rsync.get(str(run["files"]))
        ratio = f"{run['seconds'] / peer['seconds']:.1f}×" if peer else "?"
        md.append(f"| {run['files']:,} ({run['dirs']:,}) | {seconds(peer['seconds']) if peer else '?'} s "
                  f"| {seconds(run['seconds'])} s | {ratio} | {seconds(run['scan_seconds'])} s "
                  f"| {run['db_bytes'] / MIB:,.0f} MiB |")
    md += ["", "Memory, MiB: the heap after a full collection of the idle JVM before the job, the most in use "
           "during the job (G1 collects when it needs to, so this follows the heap it was given, not the work), "
           "the most left after any young collection during the job (the live set, with what was not yet old "
           "enough to be collected), after a full collection once the job was done (`jcmd PID GC.run`), and the "
           "process's peak RSS (`VmHWM`: since the JVM started, so a later row includes the earlier jobs).", "",
           "| Files | JVM | idle, after full GC | peak in use | max after young GC | after the job, full GC | peak RSS |",
           "|---|---|---:|---:|---:|---:|---:|"]
    for run in runs:
        for jvm in ("master", "worker"):
            h = heap(run["gc_logs"][jvm], run["gc_job_lines"][jvm])
            md.append(f"| {run['files']:,} | {jvm} | {h['idle_after_full_gc']} | {h['peak_in_use']} "
                      f"| {h['max_after_young_gc']} | {h['after_full_gc']} | {run['vmhwm_kib'][jvm] / 1024:,.0f} |")
    md += ["", "Latency once the job is done and holds every task: one client, sequential keep-alive GETs "
           "(milliseconds: median / p99 / max):", "",
           "| Files | `GET /api/jobs/{id}/tracking` | `…/tracking?status=failed` (a state no task is in) | `GET /api/jobs` |",
           "|---|---:|---:|---:|"]
    for run in runs:
        end = run["at_end"]
        cell = lambda r: f"{r['median_ms']:.1f} / {r['p99_ms']:.1f} / {r['max_ms']:.1f} (n={r['n']})"
        md.append(f"| {run['files']:,} | {cell(end['tracking'])} | {cell(end['tracking_failed_page'])} "
                  f"| {cell(end['jobs'])} |")
    loaded = [run for run in runs if run.get("load")]
    if loaded:
        first = loaded[0]["load"]
        md += ["", f"Many clients while the job copies: {first['connections']} connections (`wrk`, loopback), half "
               f"polling the job's tracking, half the job list, each waiting {first['poll_ms']} ms between its "
               f"answer and its next request, for {first['seconds']} s from the moment every task exists (the scan "
               "is done); no answer waited for longer than 10 s. Latency in milliseconds:", "",
               "| Files | Endpoint | Requests | Errors (non-200, socket) | p50 | p99 | max | Copy completed at the start |",
               "|---|---|---:|---:|---:|---:|---:|---:|"]
        for run in loaded:
            load = run["load"]
            for key, label in (("tracking", "`GET /api/jobs/{id}/tracking`"), ("jobs", "`GET /api/jobs`")):
                r = load[key]
                md.append(f"| {run['files']:,} | {label} | {r['requests']:,} | {r['non_200']}, {r['socket_errors']} "
                          f"| {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['max_ms']:.1f} "
                          f"| {load['completed_when_started'] / run['files']:.0%} |")
        md += ["", "The job's time above includes these seconds of load."]
    md += ["", "Raw results: `bench/out/scale.jsonl`, the GC logs `bench/out/gc-master.log` and `gc-worker.log`, wrk's output `bench/out/wrk-*-FILES.txt`.",
           "", SCALE_END]
    return "\n".join(md)


def write_scale(args, meta):
    write_section(args.report, SCALE_BEGIN, SCALE_END, scale_section(args.out, meta))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--report", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--set", action="append", default=[])
    parser.add_argument("--scale", action="store_true")
    parser.add_argument("--s3", action="store_true")
    args = parser.parse_args()
    meta = dict(item.split("=", 1) for item in args.set)
    if args.scale:
        write_scale(args, meta)
        return
    if args.s3:
        section = s3_section(args.out, args.work, meta)
        text = read_file(args.report)
        if S3_BEGIN not in text and SCALE_BEGIN in text:
            # a first S3 section goes where the full mode keeps it: before the scale section
            with open(args.report, "w") as f:
                f.write(text.replace(SCALE_BEGIN, section + "\n\n" + SCALE_BEGIN))
        else:
            write_section(args.report, S3_BEGIN, S3_END, section)
        return
    runs = load_runs(args.out)
    boot, hwm, rchar = load_nodes(args.out)
    resume = json.loads(read_file(os.path.join(args.out, "resume.json"), "null"))
    sizes = tree_sizes(args.work)
    box = machine(args.work)
    quick = meta.get("mode") == "quick"
    cold = meta.get("drop_caches") == "yes"

    with open(os.path.join(args.out, "runs.json"), "w") as f:
        json.dump({"meta": meta, "machine": box, "trees": sizes, "runs": runs,
                   "nodes": {"boot_seconds": boot, "vmhwm_kib": hwm,
                                                    "rchar": {f"{what}:{node}": v for (what, node), v in rchar.items()}}, "resume": resume}, f, indent=1)

    minutes = float(meta.get("seconds", 0)) / 60
    md = [
        "# SyncF benchmarks" + (" (quick mode: smoke test, small trees)" if quick else ""),
        "",
        f"Written by `bench/run` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. Command: `{meta.get('command')}` "
        f"({minutes:.1f} min, {meta.get('reps')} repetition(s) of every tree and tool). "
        f"Page cache {'dropped before every timed run (cold)' if cold else 'could NOT be dropped on this machine: every run is warm'}. "
        f"Load average at start {meta.get('load_at_start')}, at end {meta.get('load_at_end')}.",
        "",
        "## Machine",
        "",
        "| | |", "|---|---|",
        f"| CPU | {box['cpu']}, {box['cores']} cores |",
        f"| RAM | {box['ram_gib']} GiB |",
        f"| Disk, filesystem | {box['disk']} |",
        f"| OS, kernel | {box['os']}, {box['kernel']} |",
        f"| Java | {box['java']} |",
        f"| rsync | {box['rsync']} |",
        f"| rclone | {box['rclone']} |",
        f"| cp | {box['cp']} |",
        f"| PostgreSQL, RabbitMQ | {box['postgresql']}, {box['rabbitmq']} |",
        f"| SyncF | {box['syncf']} |",
        "",
        "## Copies",
        "",
    ] + copy_section(runs, sizes, hwm) + [
        "",
        "## No-change rescan",
        "",
        "Tree B already synced: rsync and rclone run again over their sink; SyncF scans its source again "
        "(the job is paused and resumed, since a resumed job scans at once; timed from the resume to the next "
        "`last_scan_at`, and no task may be created).",
        "",
    ] + rescan_section(runs, sizes) + [
        "",
        "## Resume after a worker crash (tree A, master + worker)",
        "",
    ] + resume_section(resume, boot, rchar) + [
        "",
        "## How it was measured",
        "",
        "- Trees from fixed seeds (`bench/trees.py`): A one file of random bytes, B 100 directories of 4 KiB files, "
        "C 1 MiB files; all mtimes 2024-01-01.",
        "- In every repetition each tree is copied by each tool in turn, in an order that changes per repetition (the "
        "rows of a balanced Latin square), so that no tool always follows the same one (on this VM's disk a copy that fsyncs "
        "right after rclone's 1 GiB sink was deleted runs up to twice as long); "
        "every copy goes to a fresh directory on the same filesystem and is checked file by file against the "
        "source's SHA-256 manifest (no missing, extra or different file): a wrong copy fails the run.",
        "- Peers: `cp -r SRC DST`, `rsync -a SRC/ DST/`, `rclone copy SRC DST` (local to local, default settings), "
        "wall time around the command, max RSS from GNU time (`%M`).",
        "- SyncF: nodes started once per configuration (`./syncf start`; the same with `SYNCF_TRANSFER_FSYNC=false`; "
        "`./syncf master` + `./syncf worker`) and "
        "kept for the whole run; each repetition is a new job (`interval` 1h, fresh `sink_path`), timed from "
        "`POST /api/jobs` until `GET /api/jobs/{id}/tracking` (polled every 50 ms) shows `completed` and "
        "`total_tasks` equal to the number of files. Max RSS is the JVMs' `VmHWM` at the end.",
        f"- Settings other than SyncF's defaults: the master + worker nodes run with "
        f"`{meta.get('cluster_settings', '').replace('SYNCF_DB_USER=postgres ', '')}` (a schema and a RabbitMQ "
        "virtual host of their own, dropped at the end); every JVM has `-Djava.io.tmpdir` under `bench/out/nodes`.",
        f"- From process start to `/health` UP (the one node and the master boot at the same time): " + ", ".join(f"{name} {value:.0f} s" for name, value in boot.items()) + ".",
        "- Raw results: `bench/out/runs.csv`, `bench/out/runs.json`.",
    ]
    for kept in (section_of(args.report, S3_BEGIN, S3_END), scale_section_of(args.report)):
        if kept:
            md += ["", kept]
    os.makedirs(os.path.dirname(os.path.abspath(args.report)), exist_ok=True)
    with open(args.report, "w") as f:
        f.write("\n".join(md) + "\n")


if __name__ == "__main__":
    main()
