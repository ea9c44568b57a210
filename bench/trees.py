#!/usr/bin/env python3
"""The benchmark's source trees: generated from fixed seeds, so every run and every machine
copies the same bytes, and checked against a SHA-256 manifest, so a fast wrong copy fails.

  trees.py generate ROOT full|quick   writes ROOT/A, ROOT/B, ROOT/C and ROOT/NAME.manifest.json
  trees.py verify MANIFEST DIR        exit 1 unless DIR holds exactly the manifest's files and bytes
  trees.py verify-s3 MANIFEST LSJSON HASHSUM
                                      the same for a copy on S3: LSJSON is `rclone lsjson -R --files-only`
                                      of its prefix (names, sizes), HASHSUM `rclone hashsum sha256 --download`
                                      (each object read back and hashed)
  trees.py describe ROOT              one JSON line per tree: files, bytes (for the harness)
  trees.py scale ROOT DIRS PER_DIR    writes ROOT/S-DIRSxPER_DIR: DIRS directories of PER_DIR tiny files
  trees.py verify-scale TREE DIR      exit 1 unless DIR holds exactly that tree's files, each with its content
"""
import hashlib
import json
import os
import random
import sys

KIB, MIB, GIB = 1 << 10, 1 << 20, 1 << 30

# name -> (seed, directories, files per directory, bytes per file); the sizes
SPECS = {
    "full": {
        "A": (1, 1, 1, 1 * GIB),
        "B": (2, 100, 200, 4 * KIB),
        "C": (3, 1, 200, 1 * MIB),
    },
    "quick": {
        "A": (1, 1, 1, 64 * MIB),
        "B": (2, 100, 20, 4 * KIB),
        "C": (3, 1, 50, 1 * MIB),
    },
}

# a fixed mtime (2024-01-01T00:00:00Z): the trees are identical down to what rsync compares
MTIME = 1704067200
CHUNK = 8 * MIB


def file_names(name, dirs, per_dir):
    """Relative paths of a tree; one directory level only when the tree has several."""
    for d in range(dirs):
        for f in range(per_dir):
            leaf = "a.bin" if name == "A" else f"f{f:05d}.bin"
            yield leaf if dirs == 1 else f"d{d:03d}/{leaf}"


def write_random(path, rng, size):
    digest = hashlib.sha256()
    with open(path, "wb") as out:
        left = size
        while left:
            block = rng.randbytes(min(CHUNK, left))
            digest.update(block)
            out.write(block)
            left -= len(block)
    os.utime(path, (MTIME, MTIME))
    return digest.hexdigest()


def stamp_of(mode, name):
    return json.dumps({"mode": mode, "spec": SPECS[mode][name], "mtime": MTIME})


def generate_tree(root, mode, name):
    """Writes one tree unless an identical one (same spec, same file sizes) is already there."""
    seed, dirs, per_dir, size = SPECS[mode][name]
    tree = os.path.join(root, name)
    manifest_path = os.path.join(root, name + ".manifest.json")
    stamp_path = os.path.join(root, name + ".stamp")
    if reusable(tree, manifest_path, stamp_path, stamp_of(mode, name), size):
        print(f"trees: {name} already generated ({mode})", file=sys.stderr)
        return
    print(f"trees: generating {name} ({dirs * per_dir} files of {size} bytes, seed {seed})", file=sys.stderr)
    if os.path.exists(stamp_path):
        os.remove(stamp_path)
    remove_tree(tree)
    rng = random.Random(seed)  # randbytes is defined on getrandbits: the same bytes on every CPython >= 3.9
    manifest = {}
    for rel in file_names(name, dirs, per_dir):
        path = os.path.join(tree, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        manifest[rel] = write_random(path, rng, size)
    with open(manifest_path, "w") as out:
        json.dump({"files": manifest, "bytes_per_file": size}, out)
    with open(stamp_path, "w") as out:
        out.write(stamp_of(mode, name))


def reusable(tree, manifest_path, stamp_path, stamp, size):
    try:
        with open(stamp_path) as f:
            if f.read() != stamp:
                return False
        with open(manifest_path) as f:
            files = json.load(f)["files"]
    except (OSError, ValueError, KeyError):
        return False
    # cheap check that nobody changed the tree since: names, sizes, mtimes (content is verified in every sink)
    found = dict(walk(tree))
    return found.keys() == files.keys() and all(
        os.stat(p).st_size == size and int(os.stat(p).st_mtime) == MTIME for p in found.values())


def remove_tree(path):
    if not os.path.lexists(path):
        return
    for parent, dirs, files in os.walk(path, topdown=False):
        for f in files:
            os.remove(os.path.join(parent, f))
        for d in dirs:
            os.rmdir(os.path.join(parent, d))
    os.rmdir(path)


def walk(top):
    """(relative path, absolute path) of every non-directory entry, hidden ones included."""
    for parent, dirs, files in os.walk(top):
        dirs.sort()
        for f in sorted(files):
            path = os.path.join(parent, f)
            yield os.path.relpath(path, top), path


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def verify(manifest_path, sink):
    with open(manifest_path) as f:
        expected = json.load(f)["files"]
    if not os.path.isdir(sink):
        return [f"{sink} is not a directory"]
    found = dict(walk(sink))
    problems = []
    missing = sorted(expected.keys() - found.keys())
    extra = sorted(found.keys() - expected.keys())  # a leftover part file lands here
    if missing:
        problems.append(f"{len(missing)} missing, e.g. {missing[:3]}")
    if extra:
        problems.append(f"{len(extra)} unexpected, e.g. {extra[:3]}")
    differing = [rel for rel in sorted(expected.keys() & found.keys())
                 if os.path.islink(found[rel]) or sha256_of(found[rel]) != expected[rel]]
    if differing:
        problems.append(f"{len(differing)} with other content, e.g. {differing[:3]}")
    return problems


def verify_s3(manifest_path, lsjson_path, hashsum_path):
    with open(manifest_path) as f:
        manifest = json.load(f)
    expected, size = manifest["files"], manifest["bytes_per_file"]
    with open(lsjson_path) as f:
        listed = {entry["Path"]: entry["Size"] for entry in json.load(f)}
    downloaded = {}
    with open(hashsum_path) as f:
        for line in f:
            digest, _, key = line.rstrip("\n").partition("  ")
            downloaded[key] = digest
    problems = []
    missing = sorted(expected.keys() - listed.keys())
    extra = sorted(listed.keys() - expected.keys())
    if missing:
        problems.append(f"{len(missing)} objects missing, e.g. {missing[:3]}")
    if extra:
        problems.append(f"{len(extra)} unexpected objects, e.g. {extra[:3]}")
    wrong_size = [key for key in sorted(expected.keys() & listed.keys()) if listed[key] != size]
    if wrong_size:
        problems.append(f"{len(wrong_size)} of another size, e.g. {[(k, listed[k]) for k in wrong_size[:3]]}")
    differing = [key for key in sorted(expected.keys() & listed.keys()) if downloaded.get(key) != expected[key]]
    if differing:
        problems.append(f"{len(differing)} whose bytes read back have another SHA-256 (or were not read), "
                        f"e.g. {differing[:3]}")
    return problems


# The scale trees: a million files would make a 100 MB manifest, so each tiny file's content is
# derived from its name (its index, 9 bytes), and a copy is checked against the name alone.
def scale_entries(dirs, per_dir):
    index = 0
    for d in range(dirs):
        for f in range(per_dir):
            yield f"d{d:05d}", f"f{f:05d}", b"%08d\n" % index
            index += 1


def scale_tree(root, dirs, per_dir):
    """Writes the tree unless a finished one is there (its stamp is written last); prints its path."""
    tree = os.path.join(root, f"S-{dirs}x{per_dir}")
    stamp = tree + ".stamp"
    if os.path.exists(stamp):
        print(f"trees: {tree} already generated", file=sys.stderr)
        return tree
    print(f"trees: generating {tree} ({dirs * per_dir:,} files in {dirs:,} directories)", file=sys.stderr)
    remove_tree(tree)
    last = None
    for d, f, content in scale_entries(dirs, per_dir):
        if d != last:
            os.makedirs(os.path.join(tree, d))
            last = d
        path = os.path.join(tree, d, f)
        with open(path, "wb") as out:
            out.write(content)
        os.utime(path, (MTIME, MTIME))
    with open(stamp, "w") as out:
        out.write(json.dumps({"dirs": dirs, "per_dir": per_dir, "mtime": MTIME}))
    return tree


def verify_scale(tree, sink):
    with open(tree + ".stamp") as f:
        spec = json.load(f)
    problems = []
    expected_dirs = set()
    wrong = missing = 0
    examples = []
    for d, f, content in scale_entries(spec["dirs"], spec["per_dir"]):
        expected_dirs.add(d)
        try:
            with open(os.path.join(sink, d, f), "rb") as got:
                if got.read() != content:
                    wrong += 1
                    examples.append(f"{d}/{f}")
        except OSError:
            missing += 1
            examples.append(f"{d}/{f}")
    if missing or wrong:
        problems.append(f"{missing} missing, {wrong} with other content, e.g. {examples[:3]}")
    extra = []
    for entry in os.scandir(sink):
        if entry.name not in expected_dirs:
            extra.append(entry.name)
        elif len(os.listdir(entry.path)) != spec["per_dir"]:
            extra.append(entry.name + "/ (a leftover part file?)")
    if extra:
        problems.append(f"{len(extra)} unexpected, e.g. {extra[:3]}")
    return problems


def describe(root):
    for name in ("A", "B", "C"):
        with open(os.path.join(root, name + ".manifest.json")) as f:
            manifest = json.load(f)
        files = len(manifest["files"])
        print(json.dumps({"tree": name, "files": files, "bytes": files * manifest["bytes_per_file"]}))


def main(argv):
    if len(argv) == 3 and argv[0] == "generate" and argv[2] in SPECS:
        os.makedirs(argv[1], exist_ok=True)
        for name in ("A", "B", "C"):
            generate_tree(argv[1], argv[2], name)
        return 0
    if len(argv) == 3 and argv[0] == "verify":
        problems = verify(argv[1], argv[2])
        if problems:
            print(f"copy differs from the source: {argv[2]}: " + "; ".join(problems), file=sys.stderr)
            return 1
        return 0
    if len(argv) == 4 and argv[0] == "verify-s3":
        problems = verify_s3(argv[1], argv[2], argv[3])
        if problems:
            print(f"copy on S3 differs from the source: " + "; ".join(problems), file=sys.stderr)
            return 1
        return 0
    if len(argv) == 4 and argv[0] == "scale":
        os.makedirs(argv[1], exist_ok=True)
        print(scale_tree(argv[1], int(argv[2]), int(argv[3])))
        return 0
    if len(argv) == 3 and argv[0] == "verify-scale":
        problems = verify_scale(argv[1], argv[2])
        if problems:
            print(f"copy differs from the source: {argv[2]}: " + "; ".join(problems), file=sys.stderr)
            return 1
        return 0
    if len(argv) == 2 and argv[0] == "describe":
        describe(argv[1])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
