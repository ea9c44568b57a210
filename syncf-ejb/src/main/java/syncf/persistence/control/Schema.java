package syncf.persistence.control;

import static java.lang.System.Logger.Level.INFO;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The database schema, versioned by Flyway from {@code db/migration} (one SQL dialect that
 * SQLite and PostgreSQL both read) and, for what cannot be said in one dialect (triggers), from
 * {@code db/vendor/sqlite} or {@code db/vendor/postgresql}: one version, one file per database.
 * The master migrates at start-up; workers only check.
 * Outside any transaction: Flyway commits each migration itself, which a JTA transaction
 * would forbid.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Schema {

    private static final System.Logger LOG = System.getLogger(Schema.class.getName());

    public void migrate() {
        MigrateResult result = flyway().migrate();
        LOG.log(INFO, "Database schema at version {0} ({1} migrations applied now)",
                result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                result.migrationsExecuted);
    }

    /** The version the database is at, or null before the first migration. */
    public String currentVersion() {
        MigrationInfo current = flyway().info().current();
        return current == null ? null : current.getVersion().getVersion();
    }

    /**
     * Looked up by its global name, as {@link DatabaseProbe} does: an injected
     * {@code @Resource(lookup = "jdbc/syncf")} is read by WildFly as {@code java:comp/env/jdbc/syncf}
     * and fails the deployment; {@code jdbc/syncf} itself resolves on Payara and, to
     * {@code java:/jdbc/syncf}, on WildFly.
     */
    private static DataSource dataSource() {
        try {
            return InitialContext.doLookup(DatabaseProbe.DATA_SOURCE);
        } catch (NamingException e) {
            throw new IllegalStateException("no data source " + DatabaseProbe.DATA_SOURCE + ": " + e.getMessage(), e);
        }
    }

    private static Flyway flyway() {
        DataSource dataSource = dataSource();
        return Flyway.configure(Schema.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor(dataSource))
                .load();
    }

    private static String vendor(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            return product.toLowerCase(Locale.ROOT).contains("postgres") ? "postgresql" : "sqlite";
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database jdbc/syncf is: " + e.getMessage(), e);
        }
    }
}
