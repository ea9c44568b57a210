package syncf.api.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Everything the master serves to users lives under {@code /api}. */
@ApplicationPath("api")
public class ApiApplication extends Application {
}
