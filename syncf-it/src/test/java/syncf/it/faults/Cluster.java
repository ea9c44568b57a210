package syncf.it.faults;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import syncf.it.Database;
import syncf.it.Node;

/**
 * A master and its workers, each its own OS process, on this run's PostgreSQL schema and
 * RabbitMQ vhost. Workers are named {@code worker-1}, {@code worker-2}, ...; a killed worker is
 * replaced by a new one with the next number, as an operator's supervisor would.
 */
final class Cluster implements AutoCloseable {

    /** Short lease and republish: a dead worker's copy is taken over within seconds, not minutes. */
    static final Map<String, String> MASTER = Map.of("SYNCF_DISPATCH_REPUBLISH_AFTER", "PT5S");
    static final Map<String, String> WORKER = Map.of(
            "SYNCF_TRANSFER_LEASE", "PT5S",
            "SYNCF_TRANSFER_MAX_BYTES_PER_SECOND", Long.toString(FaultSuiteIT.STREAM_LIMIT));

    private final Path workDir;
    private final Database database;
    private final List<Node> everyNode = new ArrayList<>();
    private final Map<String, Node> workers = new HashMap<>();
    private Node master;
    private int lastWorker;

    Cluster(Path workDir, Database database) {
        this.workDir = workDir;
        this.database = database;
    }

    Node startMaster() {
        master = Node.start(workDir, database, MASTER, "master");
        everyNode.add(master);
        return master;
    }

    Node master() {
        return master;
    }

    String startWorker() {
        String id = "worker-" + ++lastWorker;
        Node worker = Node.start(workDir, database, WORKER, "worker", id);
        everyNode.add(worker);
        synchronized (workers) {
            workers.put(id, worker);
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

    int liveWorkers() {
        synchronized (workers) {
            return workers.size();
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
        for (Node node : everyNode) {
            node.close();
        }
    }
}
