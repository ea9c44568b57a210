package syncf.it.arquillian;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.sqlite.SQLiteDataSource;

/**
 * A second OS process writing checkpoints into the same SQLite file as the server, as a worker
 * on another process holding these tasks (taken by the test as worker {@code external}): one
 * thread and one connection per task, the same owner-checked, forward-only conditional UPDATE
 * as {@code Task.CHECKPOINT_OWNED}, the same three data-source settings as
 * {@code server-config/payara/sqlite.asadmin}. Prints its
 * counts and exits 0 only when every checkpoint went through.
 *
 * <p>Arguments: database file, updates per task, task ids.
 */
public final class ExternalCheckpointer {

    public static void main(String[] args) throws Exception {
        String file = args[0];
        int updates = Integer.parseInt(args[1]);
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + file);
        source.setJournalMode("WAL");
        source.setBusyTimeout(10_000);
        source.setTransactionMode("IMMEDIATE");
        AtomicInteger ok = new AtomicInteger();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        long startedAt = System.currentTimeMillis();
        List<Thread> writers = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            String taskId = args[i];
            Thread writer = new Thread(() -> {
                try (Connection connection = source.getConnection();
                        PreparedStatement checkpoint = connection.prepareStatement(
                                "update sync_task set copied_bytes = ?, lease_until = ?, updated_at = ?, version = version + 1"
                                        + " where id = ? and slave_id = 'external' and status = 'IN_PROGRESS'"
                                        + " and copied_bytes < ?")) {
                    for (long offset = 1; offset <= updates; offset++) {
                        try {
                            long now = System.currentTimeMillis();
                            checkpoint.setLong(1, offset);
                            checkpoint.setLong(2, now + 300_000);
                            checkpoint.setLong(3, now);
                            checkpoint.setString(4, taskId);
                            checkpoint.setLong(5, offset);
                            if (checkpoint.executeUpdate() == 1) {
                                ok.incrementAndGet();
                            } else {
                                errors.add("checkpoint " + offset + " of " + taskId + " did not move forward");
                            }
                        } catch (Exception e) {
                            errors.add(e.getMessage());
                        }
                    }
                } catch (Exception e) {
                    errors.add(e.getMessage());
                }
            });
            writer.start();
            writers.add(writer);
        }
        for (Thread writer : writers) {
            writer.join();
        }
        System.out.println("ok=" + ok.get() + " failed=" + errors.size() + " started_at=" + startedAt
                + " ended_at=" + System.currentTimeMillis());
        errors.stream().limit(5).forEach(e -> System.out.println("error: " + e));
        System.exit(errors.isEmpty() ? 0 : 1);
    }
}
