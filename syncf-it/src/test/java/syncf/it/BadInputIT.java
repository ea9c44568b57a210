package syncf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of bad input is a 400 (or 415) problem that names what is wrong, and changes
 * nothing: no job, no directory.
 */
@ExtendWith(SharedNode.class)
class BadInputIT {

    static final String SOURCE = "bad-input-src";

    @BeforeAll
    static void layOutHostileBase(Node node) throws IOException, InterruptedException {
        Path base = node.base();
        Files.createDirectories(base.resolve(SOURCE + "/inner"));
        Files.writeString(base.resolve("a-file.txt"), "not a directory");
        if (!Files.exists(base.resolve("a-fifo"))) {
            assertEquals(0, new ProcessBuilder("mkfifo", base.resolve("a-fifo").toString()).start().waitFor());
        }
        link(base.resolve("etc-link"), Path.of("/etc"));
        link(base.resolve("tmp-link"), Files.createDirectories(Path.of("target", "syncf-outside").toAbsolutePath()));
    }

    private static void link(Path link, Path target) throws IOException {
        if (!Files.isSymbolicLink(link)) {
            Files.createSymbolicLink(link, target);
        }
    }

    static Stream<Arguments> rejectedBodies() {
        String ok = "\"sink_path\":\"bad-input-sink\",\"interval\":\"5m\"";
        String src = "\"source_path\":\"" + SOURCE + "\"";
        return Stream.of(
                Arguments.of("malformed JSON", "{\"source_path\":", "invalid-request", "not valid JSON"),
                Arguments.of("empty body", "", "invalid-request", "not valid JSON"),
                Arguments.of("an array", "[1,2]", "invalid-request", "JSON object"),
                Arguments.of("unknown field", "{" + src + "," + ok + ",\"sink_pth\":\"x\"}", "invalid-request", "sink_pth"),
                Arguments.of("missing source", "{" + ok + "}", "invalid-request", "source_path"),
                Arguments.of("missing interval", "{" + src + ",\"sink_path\":\"x\"}", "invalid-request", "interval"),
                Arguments.of("number path", "{\"source_path\":5," + ok + "}", "invalid-request", "must be a string"),
                Arguments.of("unsupported type", "{" + src + "," + ok + ",\"sink_type\":\"gcs\"}",
                        "unsupported-storage-type", "supported types: local, s3"),
                Arguments.of("bad interval", "{" + src + ",\"sink_path\":\"x\",\"interval\":\"soon\"}",
                        "invalid-interval", "soon"),
                Arguments.of("interval below 1s", "{" + src + ",\"sink_path\":\"x\",\"interval\":\"500ms\"}",
                        "invalid-interval", "at least 1s"),
                Arguments.of("absolute source", "{\"source_path\":\"/etc\"," + ok + "}", "invalid-path", "absolute"),
                Arguments.of("absolute sink", "{" + src + ",\"sink_path\":\"/tmp/x\",\"interval\":\"5m\"}",
                        "invalid-path", "absolute"),
                Arguments.of("dot-dot source", "{\"source_path\":\"../../etc\"," + ok + "}", "invalid-path", ".."),
                Arguments.of("dot-dot inside", "{\"source_path\":\"" + SOURCE + "/../../etc\"," + ok + "}",
                        "invalid-path", ".."),
                Arguments.of("dot-dot sink", "{" + src + ",\"sink_path\":\"a/../../b\",\"interval\":\"5m\"}",
                        "invalid-path", ".."),
                Arguments.of("NUL byte", "{\"source_path\":\"" + SOURCE + "\\u0000x\"," + ok + "}", "invalid-path", "NUL"),
                Arguments.of("symlink to /etc", "{\"source_path\":\"etc-link\"," + ok + "}", "invalid-path", "outside"),
                Arguments.of("symlinked parent", "{" + src + ",\"sink_path\":\"tmp-link/new/dir\",\"interval\":\"5m\"}",
                        "invalid-path", "outside"),
                Arguments.of("missing source dir", "{\"source_path\":\"no-such-dir\"," + ok + "}",
                        "invalid-locations", "does not exist"),
                Arguments.of("encoded dot-dot is a literal, missing name",
                        "{\"source_path\":\"%2e%2e/%2e%2e/etc\"," + ok + "}", "invalid-locations", "does not exist"),
                Arguments.of("sink equals source", "{" + src + ",\"sink_path\":\"" + SOURCE + "/\",\"interval\":\"5m\"}",
                        "invalid-locations", "same"),
                Arguments.of("sink inside source", "{" + src + ",\"sink_path\":\"" + SOURCE + "/inner/out\",\"interval\":\"5m\"}",
                        "invalid-locations", "inside source_path"),
                Arguments.of("source inside sink", "{\"source_path\":\"" + SOURCE + "/inner\",\"sink_path\":\"" + SOURCE
                        + "\",\"interval\":\"5m\"}", "invalid-locations", "inside sink_path"),
                Arguments.of("base as source", "{\"source_path\":\".\"," + ok + "}", "invalid-locations", "inside"),
                Arguments.of("sink is a file", "{" + src + ",\"sink_path\":\"a-file.txt\",\"interval\":\"5m\"}",
                        "invalid-locations", "is a file"),
                Arguments.of("sink through a file", "{" + src + ",\"sink_path\":\"a-file.txt/under/it\",\"interval\":\"5m\"}",
                        "invalid-locations", "runs through a file"),
                Arguments.of("source is a FIFO", "{\"source_path\":\"a-fifo\"," + ok + "}",
                        "invalid-locations", "neither a directory nor a regular file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedBodies")
    void rejectedSubmitsAreProblemsAndCreateNothing(String what, String body, String slug, String detail, Node node, Api api) {
        long jobsBefore = totalJobs(api);

        var problem = Problems.assertProblem(api.post("api/jobs", body), 400, slug);

        assertTrue(problem.getString("detail").contains(detail), what + ": " + problem);
        assertEquals(jobsBefore, totalJobs(api), "no job was created");
        assertFalse(Files.exists(node.base().resolve("bad-input-sink")), "no sink was created");
        assertFalse(Files.exists(node.base().resolve(SOURCE + "/inner/out")), "no sink was created");
    }

    @Test
    void outsideLocationsAreNeverDisclosed(Api api) {
        var problem = Problems.assertProblem(api.post("api/jobs",
                "{\"source_path\":\"tmp-link\",\"sink_path\":\"x\",\"interval\":\"5m\"}"), 400, "invalid-path");
        assertFalse(problem.toString().contains("syncf-outside"), problem.toString());
        assertFalse(problem.toString().contains("target"), problem.toString());
    }

    @Test
    void aBodyThatIsNotJsonIs415(Api api) {
        Problems.assertProblem(api.post("api/jobs", "application/x-www-form-urlencoded", "source_path=a"), 415, "http-415");
        Problems.assertProblem(api.post("api/jobs", "text/plain", "{}"), 415, "http-415");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "1-1-1-1-1", "00000000-0000-0000-0000-00000000000g", "%20"})
    void malformedJobIdsAre400OnEveryEndpoint(String id, Api api) {
        String job = "api/jobs/" + id;
        for (Reply reply : new Reply[] {api.get(job), api.get(job + "/tracking"), api.put(job + "/pause"),
                api.put(job + "/resume"), api.delete(job)}) {
            Problems.assertProblem(reply, 400, "invalid-job-id");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=-1", "limit=1001", "limit=ten", "offset=-5", "offset=x"})
    void badPagingIs400(String query, Api api) {
        Problems.assertProblem(api.get("api/jobs?" + query), 400, "invalid-paging");
    }

    @Test
    void badTaskFilterAndPagingOnTrackingAre400(Node node, Api api) {
        String tracking = "api/jobs/" + Jobs.submit(node, "5m") + "/tracking";
        Problems.assertProblem(api.get(tracking + "?status=done"), 400, "unknown-task-status");
        Problems.assertProblem(api.get(tracking + "?limit=0"), 400, "invalid-paging");
    }

    @Test
    void unknownRoutesAndMethodsAreProblemsToo(Api api) {
        Problems.assertProblem(api.get("api/nothing-here"), 404, "http-404");
        Reply notAllowed = api.method("PATCH", "api/jobs");
        Problems.assertProblem(notAllowed, 405, "http-405");
        Problems.assertProblem(api.post("api/jobs/" + UUID.randomUUID() + "/pause", "{}"), 405, "http-405");
    }

    private static long totalJobs(Api api) {
        return Long.parseLong(api.get("api/jobs?limit=1").header("X-Total-Count").orElseThrow());
    }
}
