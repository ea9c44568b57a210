package syncf.persistence.control;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Asks the database whether it answers; the health checks of master and worker report it.
 * A static helper, not a bean, that looks the data source up by its global JNDI name: when
 * several applications run in one server, Payara may create a health check in another
 * application's context, where an injected bean of this shared jar would be the other
 * application's class, and a {@code java:comp/env} resource reference is not found (seen with
 * the EAR on Payara Server).
 */
public final class DatabaseProbe {

    private static final int TIMEOUT_SECONDS = 3;

    private DatabaseProbe() {
    }

    public record Answer(boolean up, String detail) {
    }

    /** The data source every node uses, as the server defines it. */
    public static final String DATA_SOURCE = "jdbc/syncf";

    /** Up with the product and version, or down with the reason. */
    public static Answer ask() {
        DataSource dataSource;
        try {
            dataSource = InitialContext.doLookup(DATA_SOURCE);
        } catch (NamingException e) {
            return new Answer(false, "no data source " + DATA_SOURCE + ": " + e.getMessage());
        }
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            return new Answer(connection.isValid(TIMEOUT_SECONDS),
                    meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion());
        } catch (SQLException e) {
            return new Answer(false, String.valueOf(e.getMessage()));
        }
    }
}
