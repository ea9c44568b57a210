package syncf.storage.control;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;

/** Another copier holds this target's part file: a duplicate delivery backs off instead of writing too. */
public class TargetBusy extends IOException {

    public TargetBusy(String detail) {
        super(detail);
    }

    /** Locks the part file of {@code target} for as long as its channel is open, or throws this when another copier holds it. */
    static void lockOrThrow(FileChannel part, Path target) throws IOException {
        try {
            FileLock lock = part.tryLock();
            if (lock == null) {
                throw new TargetBusy("another process is copying to " + target.getFileName());
            }
        } catch (OverlappingFileLockException e) {
            throw new TargetBusy("another copy in this process is writing " + target.getFileName());
        }
    }
}
