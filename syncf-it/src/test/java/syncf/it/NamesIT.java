package syncf.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static syncf.it.Content.bytes;
import static syncf.it.Content.sha256;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every name Linux allows, through a real node: names at the 255-byte limit (ASCII and
 * multibyte, small files in a batch and a large one on the chunked path, a link, an empty
 * directory), names that differ only by NFC/NFD or case, control characters, names that are
 * not UTF-8 (skipped, shown escaped), and paths at, just past and far past PATH_MAX.
 */
@ExtendWith(SharedNode.class)
class NamesIT {

    private static final int PATH_MAX = 4095;

    @Test
    void everyValidNameArrivesByteForByte(Node node, Api api) throws IOException {
        String source = Jobs.newSource(node);
        Path root = node.base().resolve(source);
        Random random = new Random(11);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a".repeat(255), bytes(random, 100));
        files.put("\u00e9".repeat(127), bytes(random, 200)); // 254 bytes: 2-byte characters
        files.put("\u65e5".repeat(85), bytes(random, 300)); // 255 bytes: 3-byte characters
        files.put("b".repeat(255) + "/" + "c".repeat(255), bytes(random, 3 << 20)); // past the batch limit: the chunked path
        files.put("caf\u00e9.txt", "nfc".getBytes(StandardCharsets.UTF_8));
        files.put("cafe\u0301.txt", "nfd".getBytes(StandardCharsets.UTF_8));
        files.put("readme", "lower".getBytes(StandardCharsets.UTF_8));
        files.put("README", "upper".getBytes(StandardCharsets.UTF_8));
        files.put("ReadMe", "mixed".getBytes(StandardCharsets.UTF_8));
        files.put("new\nline", "lf".getBytes(StandardCharsets.UTF_8));
        files.put("tab\there", "ht".getBytes(StandardCharsets.UTF_8));
        files.put("ctl\u0001x", "soh".getBytes(StandardCharsets.UTF_8));
        files.put("back\\slash \"quoted\"", "bs".getBytes(StandardCharsets.UTF_8));
        files.put(".hidden.syncf-part", "a user's file named like an old part file".getBytes(StandardCharsets.UTF_8));
        for (var file : files.entrySet()) {
            Files.createDirectories(root.resolve(file.getKey()).getParent());
            Files.write(root.resolve(file.getKey()), file.getValue());
        }
        String longDir = "d".repeat(255);
        Files.createDirectories(root.resolve(longDir));
        String longLink = "l".repeat(255);
        Files.createSymbolicLink(root.resolve(longLink), Path.of("a".repeat(255)));

        String job = ScanIT.submit(api, source, "1s");
        int expected = files.size() + 2;
        await().atMost(SyncIT.WAIT).until(() -> summary(api, job).getInt("completed") == expected);

        Map<String, JsonObject> tasks = tasks(api, job);
        assertEquals(expected, tasks.size(), tasks::toString);
        Path sink = node.base().resolve("backup/" + source);
        for (var file : files.entrySet()) {
            JsonObject task = tasks.get(file.getKey());
            assertEquals("completed", task.getString("status"), task::toString);
            assertEquals(sha256(file.getValue()), task.getString("checksum"), task::toString);
            assertArrayEquals(file.getValue(), Files.readAllBytes(sink.resolve(file.getKey())), file.getKey());
        }
        assertEquals("directory", tasks.get(longDir).getString("kind"));
        assertTrue(Files.isDirectory(sink.resolve(longDir)));
        assertEquals("a".repeat(255), tasks.get(longLink).getString("link_target"));
        assertEquals(Path.of("a".repeat(255)), Files.readSymbolicLink(sink.resolve(longLink)));
        assertEquals(names(root), names(sink), "the same names, byte for byte, and nothing else (no part file)");
    }

    @Test
    void namesThatAreNotUtf8AreSkippedAndShownEscaped(Node node, Api api) throws IOException, InterruptedException {
        String source = Jobs.newSource(node);
        Path root = node.base().resolve(source);
        Files.writeString(root.resolve("good.txt"), "good");
        byte[] badFile = raw("bad", 0xff, ".txt");
        byte[] badDir = raw("dir", 0xc3, 0x28);
        byte[] slashy = raw("a\\x80", 0x80);
        shell(root, ": > \"$(printf '" + octal(badFile) + "')\"; "
                + "mkdir \"$(printf '" + octal(badDir) + "')\"; echo inside > \"$(printf '" + octal(badDir) + "')/file\"; "
                + "echo x > \"$(printf '" + octal(slashy) + "')\"; "
                + "ln -s \"$(printf 'to\\376')\" badlink");

        String job = ScanIT.submit(api, source, "1s");
        await().atMost(SyncIT.WAIT).until(() -> summary(api, job).getInt("completed") == 1
                && summary(api, job).getInt("skipped") == 4);

        Map<String, JsonObject> tasks = tasks(api, job);
        assertEquals(5, tasks.size(), tasks::toString);
        assertEquals("completed", tasks.get("good.txt").getString("status"));
        for (byte[] name : List.of(badFile, badDir, slashy)) {
            String shown = tasks.keySet().stream().filter(path -> Arrays.equals(unescape(path), name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no task shows " + HexFormat.of().formatHex(name) + ": " + tasks));
            JsonObject task = tasks.get(shown);
            assertEquals("skipped", task.getString("status"), task::toString);
            assertTrue(task.getString("last_error").contains("not valid UTF-8"), task::toString);
            assertFalse(shown.contains("\ufffd") || shown.contains("?"), shown);
        }
        assertEquals("file", tasks.get("bad\\xff.txt").getString("kind"));
        assertEquals("directory", tasks.get("dir\\xc3(").getString("kind"));
        assertTrue(tasks.get("dir\\xc3(").getString("last_error").contains("nothing under this directory"));
        assertEquals("a\\\\x80\\x80", shownOf(tasks, slashy), "a literal backslash is escaped too: no two names look alike");
        JsonObject link = tasks.get("badlink");
        assertEquals("skipped", link.getString("status"), link::toString);
        assertEquals("to\\xfe", link.getString("link_target"));

        Path sink = node.base().resolve("backup/" + source);
        assertEquals(List.of("good.txt"), names(sink), "nothing else arrives, and no name with a replacement character");
        ScanIT.awaitScanAfter(api, job, ScanIT.awaitScanAfter(api, job, ScanIT.lastScan(api, job)));
        assertEquals(5, ScanIT.totalTasks(api, job), "rescans take no new task for a skipped name");
    }

    @Test
    void pathsAtPathMaxArriveAndLongerOnesFailOrAreSkippedEachWithItsReason(Node node, Api api) throws IOException {
        String source = Jobs.newSource(node);
        Path root = node.base().toRealPath().resolve(source);
        Path sinkRoot = node.base().toRealPath().resolve("backup/" + source);
        // a directory whose sink path is PATH_MAX - 2 bytes: "x" in it is exactly at the limit at the sink,
        // and its part file cannot be beside it; "yy" is one byte past it at the sink (but not at the source)
        String dir = chain(sinkRoot, PATH_MAX - 2);
        Files.createDirectories(root.resolve(dir));
        Files.writeString(root.resolve(dir).resolve("x"), "at the limit");
        Files.writeString(root.resolve(dir).resolve("yy"), "one byte past it at the sink");
        // a tree deeper than PATH_MAX at the source: made of two that fit, one renamed into the other
        String upper = chain(root, 3000);
        Files.createDirectories(root.resolve(upper));
        Path lower = root.resolve("lower");
        String below = chain(lower, 2500);
        Files.createDirectories(lower.resolve(below));
        Files.writeString(lower.resolve(below).resolve("deepest"), "cannot be opened by its path");
        Path moved = root.resolve(upper).resolve("lower");
        Files.move(lower, moved);
        try {
            // one scan (a job's first runs at once): a later one would take the failed file again (ADR 0015)
            String job = ScanIT.submit(api, source, "1h");
            await().atMost(SyncIT.WAIT).until(() -> {
                JsonObject summary = summary(api, job);
                return summary.getInt("completed") == 1 && summary.getInt("failed") == 1 && summary.getInt("skipped") == 1;
            });
            Map<String, JsonObject> tasks = tasks(api, job);
            assertEquals(3, tasks.size(), tasks::toString);

            JsonObject atLimit = tasks.get(dir + "/x");
            assertEquals("completed", atLimit.getString("status"), atLimit::toString);
            Path x = sinkRoot.resolve(dir).resolve("x");
            assertEquals(PATH_MAX, x.toString().getBytes(StandardCharsets.UTF_8).length);
            assertEquals("at the limit", Files.readString(x));

            JsonObject pastAtSink = tasks.get(dir + "/yy");
            assertEquals("failed", pastAtSink.getString("status"), pastAtSink::toString);
            assertEquals(1, pastAtSink.getInt("attempts"), "not retried: no retry can make it fit");
            assertTrue(pastAtSink.getString("last_error").contains("PATH_MAX"), pastAtSink::toString);

            JsonObject skipped = tasks.values().stream().filter(t -> t.getString("status").equals("skipped")).findFirst()
                    .orElseThrow();
            String skippedPath = skipped.getString("file_path");
            assertTrue(skippedPath.startsWith(upper + "/lower/"), skippedPath);
            assertTrue(root.resolve(skippedPath).toString().getBytes(StandardCharsets.UTF_8).length > PATH_MAX);
            assertTrue(root.resolve(skippedPath).getParent().toString().getBytes(StandardCharsets.UTF_8).length <= PATH_MAX,
                    "the first entry past the limit is the one skipped");
            assertEquals("directory", skipped.getString("kind"));
            assertTrue(skipped.getString("last_error").contains("PATH_MAX"), skipped::toString);
            assertTrue(skipped.getString("last_error").contains("nothing under this directory"), skipped::toString);
            assertTrue(names(sinkRoot).stream().noneMatch(name -> name.endsWith(".syncf-part")), "no part file left");
        } finally {
            Files.move(moved, lower); // paths past PATH_MAX cannot be deleted by path
        }
    }

    /**
     * A path of directories under {@code from} that is {@code bytes} long there, of names of at
     * most 200 random hex digits: a database cannot compress them into its index.
     */
    private static String chain(Path from, int bytes) {
        Random random = new Random(bytes);
        StringBuilder path = new StringBuilder();
        int length = from.toString().getBytes(StandardCharsets.UTF_8).length;
        while (bytes - length > 201 + 50) {
            path.append(path.length() == 0 ? "" : "/").append(hex(random, 200));
            length += 201;
        }
        path.append(path.length() == 0 ? "" : "/").append(hex(random, bytes - length - 1));
        return path.toString();
    }

    private static String hex(Random random, int digits) {
        return HexFormat.of().formatHex(bytes(random, (digits + 1) / 2)).substring(0, digits);
    }

    private static JsonObject summary(Api api, String job) {
        return api.get("api/jobs/" + job + "/tracking?limit=1").json().getJsonObject("summary");
    }

    private static Map<String, JsonObject> tasks(Api api, String job) {
        return api.get("api/jobs/" + job + "/tracking").json().getJsonArray("tasks").stream().map(v -> v.asJsonObject())
                .collect(Collectors.toMap(t -> t.getString("file_path"), Function.identity()));
    }

    private static String shownOf(Map<String, JsonObject> tasks, byte[] name) {
        return tasks.keySet().stream().filter(path -> Arrays.equals(unescape(path), name)).findFirst().orElseThrow();
    }

    /** Every path under {@code dir}, relative, sorted. */
    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    /** Reads a shown name back into its bytes, as README says: {@code \\} a backslash, {@code \xNN} a byte. */
    private static byte[] unescape(String shown) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c == '\\' && shown.startsWith("\\", i + 1)) {
                out.write('\\');
                i++;
            } else if (c == '\\' && shown.startsWith("x", i + 1) && i + 3 < shown.length()) {
                out.write(HexFormat.fromHexDigits(shown, i + 2, i + 4));
                i += 3;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    private static byte[] raw(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    private static String octal(byte[] name) {
        StringBuilder octal = new StringBuilder();
        for (byte b : name) {
            octal.append(String.format("\\%03o", b & 0xff));
        }
        return octal.toString();
    }

    /** Java cannot name a file in bytes that are not UTF-8 (its Path encodes text): the shell's printf can. */
    private static void shell(Path dir, String script) throws IOException, InterruptedException {
        Process sh = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).inheritIO().start();
        assertEquals(0, sh.waitFor(), script);
    }
}
