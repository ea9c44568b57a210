package syncf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedNode.class)
class JobsApiIT {

    @Test
    void submitAnswers201WithTheSeedsFieldsAndALocationThatShowsTheJob(Node node, Api api) {
        String source = Jobs.newSource(node);
        Reply reply = api.post("api/jobs", Jobs.request(source, "backup/" + source, "5m"));

        assertEquals(201, reply.status(), reply::toString);
        assertTrue(reply.contentType().startsWith("application/json"), reply::toString);
        JsonObject created = reply.json();
        String id = created.getString("job_id");
        assertEquals(id, UUID.fromString(id).toString());
        assertEquals("running", created.getString("status"));
        assertEquals("Job submitted successfully", created.getString("message"));

        String location = reply.header("Location").orElseThrow();
        assertTrue(location.endsWith("/api/jobs/" + id), location);
        JsonObject job = api.get(location.substring(location.indexOf("api/"))).json();
        assertEquals(id, job.getString("job_id"));
        assertEquals(source, job.getString("source_path"));
        assertEquals("backup/" + source, job.getString("sink_path"));
        assertEquals("local", job.getString("source_type"));
        assertEquals("local", job.getString("sink_type"));
        assertEquals("5m0s", job.getString("interval"));
        assertEquals("running", job.getString("status"));
        Instant createdAt = Instant.parse(job.getString("created_at"));
        assertTrue(job.getString("created_at").endsWith("Z"), "RFC 3339 UTC");
        assertTrue(createdAt.isAfter(Instant.now().minusSeconds(300)) && !createdAt.isAfter(Instant.now().plusSeconds(5)));
    }

    @Test
    void intervalIsEchoedTheWayGoPrintsIt(Node node, Api api) {
        for (var expected : List.of(List.of("90s", "1m30s"), List.of("1h30m", "1h30m0s"), List.of("2.5s", "2.5s"))) {
            String id = Jobs.submit(node, expected.get(0));
            assertEquals(expected.get(1), api.get("api/jobs/" + id).json().getString("interval"));
        }
    }

    @Test
    void typesDefaultToLocalWhenLeftOut(Node node, Api api) {
        String source = Jobs.newSource(node);
        Reply reply = api.post("api/jobs",
                "{\"source_path\":\"" + source + "\",\"sink_path\":\"b/" + source + "\",\"interval\":\"30s\"}");
        assertEquals(201, reply.status(), reply::toString);
        JsonObject job = api.get("api/jobs/" + reply.json().getString("job_id")).json();
        assertEquals("local", job.getString("source_type"));
        assertEquals("local", job.getString("sink_type"));
    }

    @Test
    void listShowsNewestFirstPagedWithTheTotal(Node node, Api api) {
        List<String> mine = List.of(Jobs.submit(node, "1m"), Jobs.submit(node, "1m"), Jobs.submit(node, "1m"));

        Reply firstPage = api.get("api/jobs?limit=2");
        assertEquals(200, firstPage.status(), firstPage::toString);
        JsonArray two = firstPage.array();
        assertEquals(2, two.size());
        long total = Long.parseLong(firstPage.header("X-Total-Count").orElseThrow());
        assertTrue(total >= 3, "total " + total);

        JsonArray three = api.get("api/jobs?limit=3&offset=0").array();
        List<String> newest = three.stream().map(v -> v.asJsonObject().getString("job_id")).toList();
        assertEquals(new java.util.HashSet<>(mine), new java.util.HashSet<>(newest), "the three newest are ours");
        for (int i = 1; i < three.size(); i++) {
            Instant before = Instant.parse(three.getJsonObject(i - 1).getString("created_at"));
            Instant after = Instant.parse(three.getJsonObject(i).getString("created_at"));
            assertFalse(after.isAfter(before), "newest first");
        }
        JsonArray skipped = api.get("api/jobs?limit=2&offset=1").array();
        assertEquals(newest.get(1), skipped.getJsonObject(0).getString("job_id"));
        assertEquals(0, api.get("api/jobs?offset=" + total).array().size(), "past the end: an empty page");
    }

    @Test
    void pauseResumeAndKillFollowTheJobsStateRules(Node node, Api api) {
        String id = Jobs.submit(node, "5m");
        String job = "api/jobs/" + id;

        assertConflict(api.put(job + "/resume"), "running");
        Reply paused = api.put(job + "/pause");
        assertEquals(200, paused.status(), paused::toString);
        assertEquals("paused", paused.json().getString("status"));
        assertEquals(id, paused.json().getString("job_id"));
        assertEquals("paused", api.get(job).json().getString("status"));
        assertConflict(api.put(job + "/pause"), "paused");

        Reply resumed = api.put(job + "/resume");
        assertEquals(200, resumed.status(), resumed::toString);
        assertEquals("running", resumed.json().getString("status"));

        Reply killed = api.delete(job);
        assertEquals(200, killed.status(), killed::toString);
        assertEquals("killed", killed.json().getString("status"));
        assertEquals("killed", api.get(job + "/tracking").json().getJsonObject("job").getString("status"));

        assertConflict(api.put(job + "/pause"), "killed");
        assertConflict(api.put(job + "/resume"), "killed");
        assertConflict(api.delete(job), "killed");
        assertEquals("killed", api.get(job).json().getString("status"), "nothing leaves killed");
    }

    @Test
    void aPausedJobCanBeKilled(Node node, Api api) {
        String job = "api/jobs/" + Jobs.submit(node, "5m");
        assertEquals(200, api.put(job + "/pause").status());
        assertEquals("killed", api.delete(job).json().getString("status"));
    }

    @Test
    void unknownJobIs404OnEveryEndpoint(Api api) {
        String job = "api/jobs/" + UUID.randomUUID();
        for (Reply reply : List.of(api.get(job), api.get(job + "/tracking"), api.put(job + "/pause"),
                api.put(job + "/resume"), api.delete(job))) {
            Problems.assertProblem(reply, 404, "unknown-job");
        }
    }

    @Test
    void trackingOfANewJobHasNoTasksAndAZeroSummary(Node node, Api api) {
        String id = Jobs.submit(node, "5m");
        JsonObject tracking = api.get("api/jobs/" + id + "/tracking").json();
        assertEquals(id, tracking.getJsonObject("job").getString("job_id"));
        assertEquals(0, tracking.getJsonArray("tasks").size());
        JsonObject summary = tracking.getJsonObject("summary");
        for (String count : List.of("total_tasks", "pending", "in_progress", "completed", "failed", "retrying",
                "total_bytes", "copied_bytes")) {
            assertEquals(0, summary.getJsonNumber(count).longValue(), count);
        }
        assertEquals(0, tracking.getJsonObject("page").getInt("total"));
    }

    private static void assertConflict(Reply reply, String state) {
        Problems.assertProblem(reply, 409, "illegal-transition");
        assertTrue(reply.json().getString("detail").contains("it is " + state), reply::toString);
    }
}
