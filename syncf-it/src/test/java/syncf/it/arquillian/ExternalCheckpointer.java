package syncf.it.arquillian;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.sqlite.SQLiteDataSource;

/**
 * A second OS process writing checkpoints into the same SQLite file as the server: one
 * thread and one connection per task, the same forward-only conditional UPDATE, the same
 * three data-source settings as {@code server-config/payara/sqlite.asadmin}. Prints its
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
                                "update sync_task set copied_bytes = ?, updated_at = ?, version = version + 1"
                                        + " where id = ? and copied_bytes < ?")) {
                    for (long offset = 1; offset <= updates; offset++) {
                        try {
                            checkpoint.setLong(1, offset);
                            checkpoint.setLong(2, System.currentTimeMillis());
                            checkpoint.setString(3, taskId);
                            checkpoint.setLong(4, offset);
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
