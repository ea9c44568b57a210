package syncf.storage.control;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether a copy waits for its bytes, then its rename, to reach the disk before it counts as
 * done ({@code syncf.transfer.fsync}). Either way a target name only ever shows a whole,
 * verified file while the machine runs; the difference is what a power cut or a kernel crash
 * can leave behind.
 */
public enum Durability {

    /** fsync of each part file before its rename, of its directory after: a target that was reported copied survives a power cut. The default. */
    SYNCED,

    /**
     * The operating system writes back when it wants to, as rsync and rclone leave it by
     * default: many small files copy faster, but a power cut can leave the most recent targets
     * empty or missing although their tasks say completed.
     */
    OS_WRITE_BACK;

    public static Durability of(boolean fsync) {
        return fsync ? SYNCED : OS_WRITE_BACK;
    }

    void force(FileChannel file) throws IOException {
        if (this == SYNCED) {
            file.force(true);
        }
    }

    void forceDirectory(Path directory) throws IOException {
        if (this == SYNCED) {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }
}
