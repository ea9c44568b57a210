package syncf.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What is not a regular file: empty directories, and symbolic links by where they lead. */
@ExtendWith(SharedNode.class)
class EntriesIT {

    @Test
    void emptyDirectoriesAndLinksInsideTheSourceArriveAndLinksLeadingOutAreSkippedAndReported(Node node, Api api)
            throws IOException {
        String source = Jobs.newSource(node);
        Path root = node.base().resolve(source);
        Files.createDirectories(root.resolve("empty"));
        Files.createDirectories(root.resolve("a/b/empty too"));
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/readme.txt"), "read me");
        Files.createSymbolicLink(root.resolve("latest"), Path.of("docs/readme.txt"));
        Files.createSymbolicLink(root.resolve("a/b/up"), Path.of("../../docs"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("docs/not-yet"));
        Files.createSymbolicLink(root.resolve("escape"), Path.of("../../outside"));
        Files.createSymbolicLink(root.resolve("absolute"), node.base().resolve(source).resolve("docs"));

        String job = ScanIT.submit(api, source, "1s");
        await().atMost(SyncIT.WAIT).until(() -> summary(api, job).getInt("completed") == 6);

        JsonObject tracking = api.get("api/jobs/" + job + "/tracking").json();
        JsonObject summary = tracking.getJsonObject("summary");
        assertEquals(8, summary.getInt("total_tasks"), tracking::toString);
        assertEquals(2, summary.getInt("skipped"));
        assertEquals(1.0, summary.getJsonNumber("progress").doubleValue(), 0.001, "skipped entries are not owed");
        Map<String, JsonObject> tasks = tracking.getJsonArray("tasks").stream().map(v -> v.asJsonObject())
                .collect(Collectors.toMap(t -> t.getString("file_path"), Function.identity()));
        assertEquals("directory", tasks.get("a/b/empty too").getString("kind"));
        assertEquals("symlink", tasks.get("latest").getString("kind"));
        assertEquals("docs/readme.txt", tasks.get("latest").getString("link_target"));
        assertEquals("file", tasks.get("docs/readme.txt").getString("kind"));
        for (String skipped : new String[] {"escape", "absolute"}) {
            JsonObject task = tasks.get(skipped);
            assertEquals("skipped", task.getString("status"), task::toString);
            assertTrue(task.getString("last_error").contains(skipped.equals("escape") ? "leads out of the source"
                    : "is absolute"), task::toString);
        }

        Path sink = node.base().resolve("backup/" + source);
        assertTrue(Files.isDirectory(sink.resolve("empty")));
        assertTrue(Files.isDirectory(sink.resolve("a/b/empty too")));
        assertEquals(Path.of("docs/readme.txt"), Files.readSymbolicLink(sink.resolve("latest")));
        assertEquals("read me", Files.readString(sink.resolve("latest")), "the copied link leads inside the sink");
        assertEquals(Path.of("../../docs"), Files.readSymbolicLink(sink.resolve("a/b/up")));
        assertEquals(Path.of("docs/not-yet"), Files.readSymbolicLink(sink.resolve("dangling")));
        assertFalse(Files.exists(sink.resolve("escape"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(sink.resolve("absolute"), LinkOption.NOFOLLOW_LINKS));

        ScanIT.awaitScanAfter(api, job, ScanIT.awaitScanAfter(api, job, ScanIT.lastScan(api, job)));
        assertEquals(8, ScanIT.totalTasks(api, job), "rescans take no task for entries already synced or skipped");
    }

    @Test
    void aLinkRepointedInTheSourceIsRepointedAtTheSink(Node node, Api api) throws IOException {
        String source = Jobs.newSource(node);
        Path root = node.base().resolve(source);
        Files.writeString(root.resolve("v1"), "one");
        Files.writeString(root.resolve("v2"), "two");
        Files.createSymbolicLink(root.resolve("current"), Path.of("v1"));
        String job = ScanIT.submit(api, source, "1s");
        await().atMost(SyncIT.WAIT).until(() -> summary(api, job).getInt("completed") == 3);

        Files.delete(root.resolve("current"));
        Files.createSymbolicLink(root.resolve("current"), Path.of("v2"));

        Path sink = node.base().resolve("backup/" + source);
        await().atMost(SyncIT.WAIT).until(() -> summary(api, job).getInt("completed") == 4);
        assertEquals(Path.of("v2"), Files.readSymbolicLink(sink.resolve("current")));
        assertEquals("two", Files.readString(sink.resolve("current")));
    }

    static JsonObject summary(Api api, String job) {
        return api.get("api/jobs/" + job + "/tracking?limit=1").json().getJsonObject("summary");
    }
}
