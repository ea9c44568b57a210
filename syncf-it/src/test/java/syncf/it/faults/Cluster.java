package syncf.it.faults;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import syncf.it.Database;
import syncf.it.Node;

/**
 * A master and its workers, each its own OS process, on the suite's PostgreSQL schema and
 * RabbitMQ node. Workers are named {@code worker-1}, {@code worker-2}, ...; a killed worker is
 * replaced by a new one with the next number, as an operator's supervisor would. Each worker
 * holds its copy streams to the limit it was started with.
 */
final class Cluster implements AutoCloseable {

    /** Short lease and republish: a dead worker's copy is taken over within seconds, not minutes. */
    static final String LEASE = "PT5S";
    static final Map<String, String> MASTER = Map.of("SYNCF_DISPATCH_REPUBLISH_AFTER", "PT5S");
    static final Map<String, String> WORKER = Map.of(
            "SYNCF_TRANSFER_LEASE", LEASE,
            "SYNCF_TRANSFER_MAX_BYTES_PER_SECOND", Long.toString(FaultSuiteIT.STREAM_LIMIT));

    private final Path workDir;
    private final Database database;
    private final String brokerUrl;
    /** The suite's S3 store, as every node gets it. */
    private final Map<String, String> store;
    private final List<Node> everyNode = new ArrayList<>();
    private final Map<String, Node> workers = new HashMap<>();
    private final Map<String, Long> limits = new HashMap<>();
    private Node master;
    private int lastWorker;

    Cluster(Path workDir, Database database, String brokerUrl, Map<String, String> store) {
        this.workDir = workDir;
        this.database = database;
        this.brokerUrl = brokerUrl;
        this.store = Map.copyOf(store);
    }

    Node startMaster() {
        Map<String, String> settings = new HashMap<>(MASTER);
        settings.putAll(store);
        settings.put("SYNCF_MQ_URL", brokerUrl);
        master = Node.start(workDir, database, settings, "master");
        synchronized (everyNode) {
            everyNode.add(master);
        }
        return master;
    }

    Node master() {
        return master;
    }

    String startWorker() {
        return startWorker(FaultSuiteIT.STREAM_LIMIT);
    }

    /** A worker whose copy streams are held to {@code bytesPerSecond}. */
    String startWorker(long bytesPerSecond) {
        String id;
        synchronized (workers) {
            id = "worker-" + ++lastWorker;
        }
        Map<String, String> settings = new HashMap<>(WORKER);
        settings.putAll(store);
        settings.put("SYNCF_TRANSFER_MAX_BYTES_PER_SECOND", Long.toString(bytesPerSecond));
        settings.put("SYNCF_MQ_URL", brokerUrl);
        Node worker = Node.start(workDir, database, settings, "worker", id);
        synchronized (everyNode) {
            everyNode.add(worker);
        }
        synchronized (workers) {
            workers.put(id, worker);
            limits.put(id, bytesPerSecond);
        }
        return id;
    }

    /** {@code kill -9} of one worker; true if it was alive. */
    boolean killWorker(String id) {
        Node worker;
        synchronized (workers) {
            worker = workers.remove(id);
        }
        if (worker == null) {
            return false;
        }
        worker.kill();
        return true;
    }

    /**
     * Lifts a hold: every live worker not held to {@code bytesPerSecond} is replaced by one that
     * is (the new ones started first, side by side, then the old ones stopped as Ctrl-C would).
     * Called between scenarios, when no copy is under way.
     */
    void replaceWorkersNotAt(long bytesPerSecond) {
        List<String> others;
        synchronized (workers) {
            others = limits.entrySet().stream().filter(e -> workers.containsKey(e.getKey()))
                    .filter(e -> e.getValue() != bytesPerSecond).map(Map.Entry::getKey).toList();
        }
        List<CompletableFuture<String>> started = others.stream()
                .map(old -> CompletableFuture.supplyAsync(() -> startWorker(bytesPerSecond))).toList();
        CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).handle((ok, failure) -> ok).join();
        started.forEach(CompletableFuture::join);
        for (String old : others) {
            Node worker;
            synchronized (workers) {
                worker = workers.remove(old);
            }
            worker.close();
        }
    }

    void killMaster() {
        master.kill();
    }

    Path base() {
        return workDir.resolve("base");
    }

    @Override
    public void close() {
        synchronized (everyNode) {
            for (Node node : everyNode) {
                node.close();
            }
        }
    }
}
