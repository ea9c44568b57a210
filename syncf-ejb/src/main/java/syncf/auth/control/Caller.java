package syncf.auth.control;

import java.util.Objects;

/** Someone the credentials file names: the name is the principal the server logs and sees. */
public record Caller(String name, Role role) {

    public Caller {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }
}
