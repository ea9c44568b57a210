package syncf.storage.control;

/**
 * What a {@link Storage} holds at a location, as {@link Storage#stat} and {@link Storage#list}
 * report it: its name (the last segment), its type and its version; for a link, its target as
 * text. Links are reported as links, never followed.
 *
 * @param name       the name as the API shows it; a local name that is not UTF-8 is escaped
 *                   ({@code \xNN}), and {@code unfit} says so
 * @param linkTarget a link's target; null for anything else, or when it cannot be read
 * @param unfit      why SyncF cannot carry this entry as it is (a name that is not UTF-8, a path
 *                   past PATH_MAX, a link target that is not UTF-8), or null; an entry whose
 *                   attributes cannot even be read is then reported as an empty file
 */
public record Entry(Location at, String name, Type type, Version version, String linkTarget, String unfit) {

    public enum Type {
        FILE, DIRECTORY, LINK,
        /**
         * Never copied: a socket, pipe or device, or an entry that vanished or could not be read
         * between listing and reading it (a later listing sees it again).
         */
        OTHER
    }
}
