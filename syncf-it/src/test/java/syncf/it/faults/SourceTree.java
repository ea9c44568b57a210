package syncf.it.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A source tree made from a seed: one large file and many small ones in a few directories,
 * with the SHA-256 of every file, so that a sink can be checked against it byte for byte.
 */
record SourceTree(Path root, Map<String, String> sha256) {

    static final String LARGE = "large.bin";

    static SourceTree create(Path root, long seed, int largeMib, int smallFiles) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, String> sums = new TreeMap<>();
        sums.put(LARGE, write(root.resolve(LARGE), random, (long) largeMib << 20));
        for (int i = 0; i < smallFiles; i++) {
            String path = String.format("small/d%02d/f%04d.dat", i % 20, i);
            sums.put(path, write(root.resolve(path), random, 1 + random.nextInt(8192)));
        }
        return new SourceTree(root, sums);
    }

    /** The tree as it is now on disk: for a source that changed after it was made. */
    static SourceTree read(Path root) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                sums.put(root.relativize(file).toString(), sha256(file));
            }
        }
        return new SourceTree(root, sums);
    }

    static String sha256(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** The stream's SHA-256, read to its end in 1 MiB pieces. */
    static String sha256(java.io.InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 20];
        for (int n; (n = in.read(buffer)) > 0;) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String write(Path file, SplittableRandom random, long size) throws IOException {
        Files.createDirectories(file.getParent());
        MessageDigest digest = newDigest();
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
            byte[] block = new byte[1 << 20];
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
