package syncf.node.control;

import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/** The three kinds of MicroProfile health check, each with its qualifier and the path under {@code /health} that lists it. */
public enum CheckKind {

    READINESS("ready", Readiness.Literal.INSTANCE),
    LIVENESS("live", Liveness.Literal.INSTANCE),
    STARTUP("started", Startup.Literal.INSTANCE);

    private final String path;
    private final Annotation qualifier;

    CheckKind(String path, Annotation qualifier) {
        this.path = path;
        this.qualifier = qualifier;
    }

    /** The CDI qualifier a check of this kind carries. */
    public Annotation qualifier() {
        return qualifier;
    }

    /** The kind {@code /health/<path>} lists, as MicroProfile Health names them. */
    public static Optional<CheckKind> ofPath(String path) {
        return Arrays.stream(values()).filter(kind -> kind.path.equals(path)).findFirst();
    }
}
