package syncf.it;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * The database a test node runs on: a fresh SQLite file, or a fresh schema in the
 * PostgreSQL on this machine, so runs never see each other's rows. Chosen by the system
 * property {@code syncf.it.db} that each failsafe execution sets.
 */
public sealed interface Database extends AutoCloseable {

    /** The environment that points a node at this database. */
    Map<String, String> env();

    Connection connect() throws SQLException;

    @Override
    void close();

    static Database forRun(Path workDir) {
        String kind = System.getProperty("syncf.it.db", "sqlite");
        return switch (kind) {
            case "sqlite" -> new Sqlite(workDir.resolve("var/syncf.db"));
            case "postgresql" -> Postgres.create();
            default -> throw new IllegalArgumentException("syncf.it.db must be sqlite or postgresql, got " + kind);
        };
    }

    record Sqlite(Path file) implements Database {

        @Override
        public Map<String, String> env() {
            return Map.of("SYNCF_DB_URL", "jdbc:sqlite:" + file);
        }

        @Override
        public Connection connect() throws SQLException {
            var source = new org.sqlite.SQLiteDataSource();
            source.setUrl("jdbc:sqlite:" + file);
            source.setJournalMode("WAL");
            source.setBusyTimeout(10_000);
            source.setTransactionMode("IMMEDIATE");
            return source.getConnection();
        }

        @Override
        public void close() {
            // the file goes with the work directory
        }
    }

    record Postgres(String url, String user, String password, String schema) implements Database {

        static Postgres create() {
            return create(System.getProperty("syncf.it.pg.url", "jdbc:postgresql://127.0.0.1:5432/test"),
                    System.getProperty("syncf.it.pg.user", "postgres"), System.getProperty("syncf.it.pg.password", ""));
        }

        /** A fresh schema on the server at {@code url}: this machine's, or a server a test started for itself. */
        public static Postgres create(String url, String user, String password) {
            String schema = "syncf_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            Postgres database = new Postgres(url, user, password, schema);
            database.execute("create schema " + schema);
            return database;
        }

        private String schemaUrl() {
            return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        }

        @Override
        public Map<String, String> env() {
            return Map.of("SYNCF_DB_URL", schemaUrl(), "SYNCF_DB_USER", user, "SYNCF_DB_PASSWORD", password);
        }

        @Override
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(schemaUrl(), user, password);
        }

        private void execute(String sql) {
            try (Connection connection = DriverManager.getConnection(url, user, password);
                    Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL at " + url + " does not answer: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            execute("drop schema if exists " + schema + " cascade");
        }
    }
}
