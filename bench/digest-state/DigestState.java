import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.SavableDigest;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * SHA-256 whose state can go into a checkpoint (Bouncy Castle's SHA256Digest) against the
 * JDK's MessageDigest, which cannot export its state: throughput, the encoded state's size,
 * the time to encode and restore it, and a check that a digest resumed from an encoded state
 * equals the digest of the whole. Run by ./run (see docs/perf/sha256-digest-state.md).
 *
 * Arguments: [total MiB (512)] [repetitions (5)] [--jdk-only]
 */
public class DigestState {

    static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    static final int PIECE = 1 << 20;
    /** 8 distinct pieces, cycled: a copier hashes the buffer it just filled, so the data is in cache as here. */
    static final int PIECES = 8;

    interface Hasher {
        void update(byte[] b, int off, int len);
        byte[] digest();
    }

    public static void main(String[] args) throws Exception {
        int totalMiB = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 512;
        int reps = args.length > 1 && !args[1].startsWith("--") ? Integer.parseInt(args[1]) : 5;
        boolean jdkOnly = Arrays.asList(args).contains("--jdk-only");
        byte[][] data = new byte[PIECES][PIECE];
        Random random = new Random(42);
        for (byte[] piece : data) {
            random.nextBytes(piece);
        }

        MessageDigest probe = MessageDigest.getInstance("SHA-256");
        System.out.printf("java %s (%s), %s; MessageDigest SHA-256 provider: %s (%s)%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"), System.getProperty("os.arch"),
                probe.getProvider().getName(), probe.getClass().getName());
        System.out.printf("JVM flags: %s%n", String.join(" ",
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
        System.out.printf("data: %d MiB in %d KiB pieces (%d distinct pieces cycled); %d repetitions after warm-up; median%n",
                totalMiB, PIECE >> 10, PIECES, reps);

        List<String[]> rows = new ArrayList<>();
        Supplier<Hasher> jdk = () -> jdk();
        rows.add(measure("JDK MessageDigest SHA-256", jdk, data, totalMiB, reps));
        if (!jdkOnly) {
            SavableDigest viaFactory = SHA256Digest.newInstance();
            System.out.printf("Bouncy Castle %s; SHA256Digest.newInstance() gives %s%n",
                    new org.bouncycastle.jce.provider.BouncyCastleProvider().getVersionStr(),
                    viaFactory.getClass().getName());
            rows.add(measure("BC new SHA256Digest()", () -> bc(new SHA256Digest()), data, totalMiB, reps));
            if (viaFactory.getClass() != SHA256Digest.class) {
                rows.add(measure("BC SHA256Digest.newInstance()", () -> bc(SHA256Digest.newInstance()), data, totalMiB, reps));
            }
            // an S3 upload needs both: each part's x-amz-checksum-sha256 (JDK: a part is sent again whole, no state
            // to keep) and the whole file's, resumable (BC)
            rows.add(measure("JDK per part + BC whole file", () -> both(jdk(), bc(new SHA256Digest())), data, totalMiB, reps));

        }
        System.out.println();
        System.out.println("| implementation | MiB/s wall (median) | wall min–max | MiB/s of CPU time (median) | CPU s per GiB |");
        System.out.println("|---|---|---|---|---|");
        for (String[] row : rows) {
            System.out.println("| " + String.join(" | ", row) + " |");
        }
        if (jdkOnly) {
            return;
        }

        state(data);
        correctness(data, totalMiB);
    }

    static String[] measure(String name, Supplier<Hasher> make, byte[][] data, int totalMiB, int reps) {
        for (int w = 0; w < 3; w++) {
            run(make.get(), data, totalMiB); // warm-up: C2 compiles the compression loop
        }
        double[] mibs = new double[reps];
        double[] cpuMibs = new double[reps];
        for (int r = 0; r < reps; r++) {
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            run(make.get(), data, totalMiB);
            long ns = System.nanoTime() - t0;
            long cpuNs = THREADS.getCurrentThreadCpuTime() - cpu0;
            mibs[r] = totalMiB / (ns / 1e9);
            cpuMibs[r] = totalMiB / (cpuNs / 1e9);
            System.out.printf("  %-36s rep %d: %8.1f MiB/s wall, %8.1f MiB/s of CPU time%n", name, r + 1, mibs[r], cpuMibs[r]);
        }
        double[] sorted = mibs.clone();
        Arrays.sort(sorted);
        double[] cpuSorted = cpuMibs.clone();
        Arrays.sort(cpuSorted);
        double median = sorted[reps / 2];
        double cpuMedian = cpuSorted[reps / 2];
        return new String[] {name, String.format("%.0f", median), String.format("%.0f–%.0f", sorted[0], sorted[reps - 1]),
                String.format("%.0f", cpuMedian), String.format("%.2f", 1024 / cpuMedian)};
    }

    static byte[] run(Hasher hasher, byte[][] data, int totalMiB) {
        for (int i = 0; i < totalMiB; i++) {
            hasher.update(data[i % PIECES], 0, PIECE);
        }
        return hasher.digest();
    }

    /** The encoded state: its size, and how long encoding and restoring take (mid-block, as a checkpoint would be). */
    static void state(byte[][] data) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(data[0], 0, PIECE - 13); // not on a 64-byte block boundary: the partial block is in the state
        int n = 200_000;
        byte[] encoded = null;
        long sink = 0;
        for (int round = 0; round < 2; round++) { // round 0 warms up
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                encoded = digest.getEncodedState();
                sink += encoded[i % encoded.length];
            }
            long encodeNs = System.nanoTime() - t0;
            t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                SHA256Digest restored = new SHA256Digest(encoded);
                sink += restored.getByteLength();
            }
            long restoreNs = System.nanoTime() - t0;
            if (round == 1) {
                System.out.println();
                int min = Integer.MAX_VALUE;
                int max = 0;
                for (int len = 0; len < 128; len++) { // the size depends on where in its 64-byte block the digest is
                    SHA256Digest at = new SHA256Digest();
                    at.update(data[1], 0, len);
                    min = Math.min(min, at.getEncodedState().length);
                    max = Math.max(max, at.getEncodedState().length);
                }
                System.out.printf("encoded state: %d bytes after %d bytes hashed; %d to %d bytes over all block offsets%n",
                        encoded.length, PIECE - 13, min, max);
                System.out.printf("getEncodedState(): %.0f ns; new SHA256Digest(state): %.0f ns (mean of %d)%n",
                        (double) encodeNs / n, (double) restoreNs / n, n);
            }
        }
        System.out.printf("JDK state by reflection: %s%n", JdkState.available()
                ? timeJdkState(data) : "not available (" + JdkState.why + ")");
        byte[] atZero = new SHA256Digest().getEncodedState();
        System.out.printf("encoded state of a fresh digest: %d bytes; base64 of a checkpoint's state: %d chars%n",
                atZero.length, java.util.Base64.getEncoder().encodeToString(encoded).length());
        if (sink == 42) {
            System.out.println();
        }
    }

    /**
     * The digest of the whole equals the digest resumed from an encoded state taken at a
     * random offset (not on a piece or block boundary), by a "second worker" that gets only
     * the bytes.
     */
    static void correctness(byte[][] data, int totalMiB) {
        long total = (long) totalMiB * PIECE;
        byte[] whole = run(jdk(), data, totalMiB);
        System.out.println();
        System.out.printf("whole-file SHA-256 (JDK): %s%n", HexFormat.of().formatHex(whole));
        SecureRandom random = new SecureRandom();
        boolean allEqual = true;
        for (int trial = 0; trial < 3; trial++) {
            long offset = trial == 0 ? 1 : Math.floorMod(random.nextLong(), total - 1) + 1;
            SHA256Digest first = new SHA256Digest();
            feed(first, data, 0, offset);
            byte[] state = first.getEncodedState();
            SHA256Digest resumed = new SHA256Digest(Arrays.copyOf(state, state.length)); // the checkpoint's bytes only
            feed(resumed, data, offset, total);
            byte[] out = new byte[32];
            resumed.doFinal(out, 0);
            boolean equal = Arrays.equals(whole, out);
            allEqual &= equal;
            System.out.printf("BC resumed at offset %d (%d mod 64): %s equal=%b%n", offset, offset % 64,
                    HexFormat.of().formatHex(out), equal);
            if (JdkState.available()) {
                MessageDigest jdkFirst = JdkState.fresh();
                feed(jdkFirst, data, 0, offset);
                MessageDigest jdkResumed = JdkState.restore(JdkState.export(jdkFirst));
                feed(jdkResumed, data, offset, total);
                boolean jdkEqual = Arrays.equals(whole, jdkResumed.digest());
                allEqual &= jdkEqual;
                System.out.printf("JDK (reflection) resumed at offset %d: equal=%b%n", offset, jdkEqual);
            }
        }
        if (!allEqual) {
            throw new AssertionError("a resumed digest differs from the whole-file digest");
        }
    }

    static void feed(MessageDigest digest, byte[][] data, long from, long to) {
        feed(new SHA256Digest() {
            @Override
            public void update(byte[] in, int off, int len) {
                digest.update(in, off, len);
            }
        }, data, from, to);
    }

    static String timeJdkState(byte[][] data) {
        MessageDigest digest = JdkState.fresh();
        digest.update(data[0], 0, PIECE - 13);
        int n = 200_000;
        byte[] state = null;
        long encodeNs = 0;
        long restoreNs = 0;
        long sink = 0;
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                state = JdkState.export(digest);
                sink += state[i % state.length];
            }
            encodeNs = System.nanoTime() - t0;
            t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += JdkState.restore(state).getDigestLength();
            }
            restoreNs = System.nanoTime() - t0;
        }
        return String.format("%d bytes at that offset; export %.0f ns, restore %.0f ns (mean of %d)%s", state.length,
                (double) encodeNs / n, (double) restoreNs / n, n, sink == 42 ? " " : "");
    }

    /**
     * The JDK's own SHA-256 state (sun.security.provider.SHA2: state[8], the partial block,
     * the byte count) read and written by reflection: the hardware-assisted digest, made
     * resumable. Needs --add-opens java.base/java.security and java.base/sun.security.provider;
     * an internal of the JDK that may change in any release, so a self-test decides.
     */
    static final class JdkState {
        static java.lang.reflect.Field spi, state, buffer, bufOfs, bytesProcessed;
        static String why = "";
        static Boolean available;

        static synchronized boolean available() {
            if (available == null) {
                try {
                    MessageDigest md = MessageDigest.getInstance("SHA-256");
                    spi = field(md.getClass(), "digestSpi");
                    Object impl = spi.get(md);
                    state = field(impl.getClass(), "state");
                    buffer = field(impl.getClass(), "buffer");
                    bufOfs = field(impl.getClass(), "bufOfs");
                    bytesProcessed = field(impl.getClass(), "bytesProcessed");
                    byte[] text = "resumable SHA-256 self-test, across a 64-byte block boundary, twice over".getBytes();
                    md.update(text, 0, 70);
                    MessageDigest resumed = restore(export(md));
                    resumed.update(text, 70, text.length - 70);
                    available = Arrays.equals(resumed.digest(), MessageDigest.getInstance("SHA-256").digest(text));
                    why = available ? "" : "self-test failed";
                } catch (ReflectiveOperationException | java.security.GeneralSecurityException | RuntimeException e) {
                    why = e.toString();
                    available = false;
                }
            }
            return available;
        }

        static java.lang.reflect.Field field(Class<?> type, String name) throws NoSuchFieldException {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                try {
                    java.lang.reflect.Field f = c.getDeclaredField(name);
                    f.setAccessible(true);
                    return f;
                } catch (NoSuchFieldException next) {
                    // declared higher up
                }
            }
            throw new NoSuchFieldException(type.getName() + "." + name);
        }

        static MessageDigest fresh() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** byte count (8), partial-block length (1), state (32), partial block (0..63): 41..104 bytes. */
        static byte[] export(MessageDigest md) {
            try {
                Object impl = spi.get(md);
                int[] h = (int[]) state.get(impl);
                int partial = bufOfs.getInt(impl);
                java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(8 + 1 + 32 + partial);
                out.putLong(bytesProcessed.getLong(impl)).put((byte) partial);
                for (int word : h) {
                    out.putInt(word);
                }
                out.put((byte[]) buffer.get(impl), 0, partial);
                return out.array();
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        static MessageDigest restore(byte[] encoded) {
            try {
                MessageDigest md = fresh();
                Object impl = spi.get(md);
                java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(encoded);
                bytesProcessed.setLong(impl, in.getLong());
                int partial = in.get();
                int[] h = (int[]) state.get(impl);
                for (int i = 0; i < h.length; i++) {
                    h[i] = in.getInt();
                }
                in.get((byte[]) buffer.get(impl), 0, partial);
                bufOfs.setInt(impl, partial);
                return md;
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static void feed(Digest digest, byte[][] data, long from, long to) {
        for (long pos = from; pos < to; ) {
            int piece = (int) (pos / PIECE);
            int off = (int) (pos % PIECE);
            int len = (int) Math.min(PIECE - off, to - pos);
            digest.update(data[piece % PIECES], off, len);
            pos += len;
        }
    }

    static Hasher jdk() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return new Hasher() {
                public void update(byte[] b, int off, int len) { md.update(b, off, len); }
                public byte[] digest() { return md.digest(); }
            };
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Hasher both(Hasher a, Hasher b) {
        return new Hasher() {
            public void update(byte[] bytes, int off, int len) { a.update(bytes, off, len); b.update(bytes, off, len); }
            public byte[] digest() { a.digest(); return b.digest(); }
        };
    }

    static Hasher bc(Digest d) {
        return new Hasher() {
            public void update(byte[] b, int off, int len) { d.update(b, off, len); }
            public byte[] digest() { byte[] out = new byte[d.getDigestSize()]; d.doFinal(out, 0); return out; }
        };
    }
}
