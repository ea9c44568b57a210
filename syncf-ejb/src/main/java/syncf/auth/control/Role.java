package syncf.auth.control;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What a caller may do; an operator may also do everything a viewer may. */
public enum Role {
    /** Reads jobs, tracking, metrics and (later) the page and its event streams. */
    VIEWER,
    /** Also submits, pauses, resumes and kills jobs. */
    OPERATOR;

    public static final String VIEWER_GROUP = "viewer";
    public static final String OPERATOR_GROUP = "operator";

    /** The groups the servlet container maps to the roles of the same name in {@code web.xml}. */
    public Set<String> groups() {
        return this == OPERATOR ? Set.of(VIEWER_GROUP, OPERATOR_GROUP) : Set.of(VIEWER_GROUP);
    }

    /** The role a credentials file names, or empty for a word that names none. */
    static Optional<Role> named(String word) {
        for (Role role : values()) {
            if (role.name().toLowerCase(Locale.ROOT).equals(word)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
