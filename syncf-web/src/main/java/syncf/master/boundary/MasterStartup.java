package syncf.master.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import syncf.persistence.control.Schema;

/**
 * The master owns the schema: it brings the database to the current version before it
 * serves a request. A migration that fails stops the deployment, loudly, rather than
 * serving from a schema the code does not match.
 */
@Startup
@Singleton
public class MasterStartup {

    @Inject
    Schema schema;

    @PostConstruct
    void migrateSchema() {
        schema.migrate();
    }
}
