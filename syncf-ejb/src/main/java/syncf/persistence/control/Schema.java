package syncf.persistence.control;

import static java.lang.System.Logger.Level.INFO;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
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

    @Resource(lookup = "jdbc/syncf")
    DataSource dataSource;

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

    private Flyway flyway() {
        return Flyway.configure(Schema.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor())
                .load();
    }

    private String vendor() {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            return product.toLowerCase(Locale.ROOT).contains("postgres") ? "postgresql" : "sqlite";
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database jdbc/syncf is: " + e.getMessage(), e);
        }
    }
}
