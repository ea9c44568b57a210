package syncf.node.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

class NodeHealthTest {

    static final Set<CheckKind> EVERY_KIND = EnumSet.allOf(CheckKind.class);

    final NodeHealth node = new NodeHealth();

    @Test
    void upWhenEveryCheckOfEveryModuleIsUp() {
        node.register("/", List.of(readiness("database", Status.UP, Map.of("product", "PostgreSQL 15.20"))));
        node.register("/syncf-worker", List.of(readiness("worker", Status.UP, Map.of("consuming", true, "broker_reconnects", 0L))));

        HealthAnswer answer = node.answer(Set.of(CheckKind.READINESS));

        assertTrue(answer.up());
        JsonObject json = answer.json();
        assertEquals("UP", json.getString("status"));
        assertEquals(List.of("database", "worker"), names(json));
        JsonObject worker = json.getJsonArray("checks").getJsonObject(1);
        assertEquals("UP", worker.getString("status"));
        assertTrue(worker.getJsonObject("data").getBoolean("consuming"), worker::toString);
        assertEquals(0, worker.getJsonObject("data").getJsonNumber("broker_reconnects").longValue());
        assertEquals("PostgreSQL 15.20", json.getJsonArray("checks").getJsonObject(0).getJsonObject("data").getString("product"));
    }

    @Test
    void oneCheckDownMakesTheNodeDownAndTheOthersStillShow() {
        node.register("/", List.of(readiness("database", Status.DOWN, Map.of("error", "Connection refused"))));
        node.register("/syncf-worker", List.of(readiness("worker", Status.UP, Map.of())));

        HealthAnswer answer = node.answer(EVERY_KIND);

        assertFalse(answer.up());
        JsonObject json = answer.json();
        assertEquals("DOWN", json.getString("status"));
        assertEquals("DOWN", json.getJsonArray("checks").getJsonObject(0).getString("status"));
        assertEquals("Connection refused", json.getJsonArray("checks").getJsonObject(0).getJsonObject("data").getString("error"));
        assertEquals("UP", json.getJsonArray("checks").getJsonObject(1).getString("status"));
        assertFalse(json.getJsonArray("checks").getJsonObject(1).containsKey("data"), "no data, no data object");
    }

    @Test
    void aCheckThatThrowsIsDownUnderItsBeanClassWithTheReason() {
        HealthCheck throwing = () -> {
            throw new IllegalStateException("No HealthCheckResponseProvider implementation found!");
        };
        node.register("/", List.of(new RegisteredCheck("syncf.master.boundary.DatabaseHealth", CheckKind.READINESS, throwing),
                readiness("worker", Status.UP, Map.of())));

        JsonObject json = node.answer(EVERY_KIND).json();

        assertEquals("DOWN", json.getString("status"));
        JsonObject failed = json.getJsonArray("checks").getJsonObject(0);
        assertEquals("syncf.master.boundary.DatabaseHealth", failed.getString("name"));
        assertEquals("DOWN", failed.getString("status"));
        assertEquals("java.lang.IllegalStateException: No HealthCheckResponseProvider implementation found!",
                failed.getJsonObject("data").getString("error"));
        assertEquals(List.of("syncf.master.boundary.DatabaseHealth", "worker"), names(json), "the other checks still ran");
    }

    @Test
    void aCheckThatAnswersNothingIsDown() {
        node.register("/", List.of(new RegisteredCheck("syncf.Silent", CheckKind.LIVENESS, () -> null)));

        assertFalse(node.answer(EVERY_KIND).up());
    }

    @Test
    void eachKindListsItsOwnChecksAndHealthListsEveryKindOnce() {
        HealthCheck both = () -> response("alive-and-ready", Status.UP, Map.of());
        node.register("/", List.of(
                readiness("database", Status.UP, Map.of()),
                new RegisteredCheck("syncf.Both", CheckKind.READINESS, both),
                new RegisteredCheck("syncf.Both", CheckKind.LIVENESS, both),
                new RegisteredCheck("syncf.Booted", CheckKind.STARTUP, () -> response("booted", Status.DOWN, Map.of()))));

        assertEquals(List.of("database", "alive-and-ready"), names(node.answer(Set.of(CheckKind.READINESS)).json()));
        assertEquals(List.of("alive-and-ready"), names(node.answer(Set.of(CheckKind.LIVENESS)).json()));
        assertTrue(node.answer(Set.of(CheckKind.LIVENESS)).up(), "a startup check that is down is not a liveness one");
        assertFalse(node.answer(Set.of(CheckKind.STARTUP)).up());
        assertEquals(List.of("database", "alive-and-ready", "booted"), names(node.answer(EVERY_KIND).json()));
    }

    @Test
    void noChecksAtAllIsUp() {
        JsonObject json = node.answer(EVERY_KIND).json();

        assertEquals("UP", json.getString("status"));
        assertEquals(0, json.getJsonArray("checks").size());
    }

    @Test
    void aStoppedModulesChecksAreGoneAndARestartedOnesReplaced() {
        NodeHealth.Registration first = node.register("/", List.of(readiness("database", Status.UP, Map.of())));
        node.register("/syncf-worker", List.of(readiness("worker", Status.DOWN, Map.of()))).remove();
        node.register("/", List.of(readiness("database", Status.UP, Map.of("product", "SQLite 3.54.1"))));
        first.remove(); // the module's first registration, removed late: the one that replaced it stays

        JsonObject json = node.answer(EVERY_KIND).json();

        assertEquals("UP", json.getString("status"));
        assertEquals(List.of("database"), names(json));
        assertEquals("SQLite 3.54.1", json.getJsonArray("checks").getJsonObject(0).getJsonObject("data").getString("product"));
    }

    static RegisteredCheck readiness(String name, Status status, Map<String, Object> data) {
        return new RegisteredCheck("syncf.test." + name, CheckKind.READINESS, () -> response(name, status, data));
    }

    static HealthCheckResponse response(String name, Status status, Map<String, Object> data) {
        return new HealthCheckResponse(name, status, Optional.of(data));
    }

    static List<String> names(JsonObject answer) {
        return answer.getJsonArray("checks").getValuesAs(JsonObject.class).stream().map(check -> check.getString("name")).toList();
    }
}
