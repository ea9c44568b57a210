package syncf.persistence.control;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Asks the database whether it answers; the health checks of master and worker report it.
 * A static helper, not a bean: when master and worker run in one server, Payara may create a
 * health check in the other application's CDI context, where an injected bean of this shared
 * jar would be the other application's class.
 */
public final class DatabaseProbe {

    private static final int TIMEOUT_SECONDS = 3;

    private DatabaseProbe() {
    }

    public record Answer(boolean up, String detail) {
    }

    /** Up with the product and version, or down with the reason. */
    public static Answer ask(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            return new Answer(connection.isValid(TIMEOUT_SECONDS),
                    meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion());
        } catch (SQLException e) {
            return new Answer(false, String.valueOf(e.getMessage()));
        }
    }
}
