package syncf.scan.control;

/** A regular file a scan found: its name in its directory, size, and modification time in epoch milliseconds. */
public record FoundFile(String name, long size, long modifiedAt) {
}
