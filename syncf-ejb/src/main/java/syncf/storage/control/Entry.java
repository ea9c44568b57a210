package syncf.storage.control;

/**
 * What a {@link Storage} holds at a location, as {@link Storage#stat} and {@link Storage#list}
 * report it: its name (the last segment), its type, and its version. Links are reported as links,
 * never followed.
 */
public record Entry(Location at, String name, Type type, Version version) {

    public enum Type {
        FILE, DIRECTORY, LINK,
        /** A socket, pipe or device: never copied. */
        OTHER
    }
}
