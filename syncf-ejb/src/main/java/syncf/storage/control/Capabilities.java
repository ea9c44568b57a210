package syncf.storage.control;

/**
 * What a backend can keep beyond files' bytes, so that callers ask instead of assuming a
 * filesystem.
 *
 * @param links            symbolic links are stored as links ({@link Storage#link})
 * @param emptyDirectories an empty directory exists on its own ({@link Storage#makeDirectory})
 * @param modificationTimes a committed file keeps the modification time it is given
 * @param serverSideCopy   the store can copy an object into itself without the bytes passing here
 * @param readableStage    a staged write's bytes can be read back ({@link StagedWrite#read}):
 *                         locally the part file; on S3 an unfinished upload's parts cannot be read
 */
public record Capabilities(boolean links, boolean emptyDirectories, boolean modificationTimes, boolean serverSideCopy,
        boolean readableStage) {
}
