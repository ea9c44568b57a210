package syncf.job.boundary;

import java.io.IOException;
import java.nio.file.Path;
import syncf.error.InvalidInput;
import syncf.job.entity.Job;
import syncf.storage.control.Entry;
import syncf.storage.control.Storage;
import syncf.storage.control.Stores;

/**
 * Where a job's tasks read and write, as the API shows it: {@code source_path} joined with the
 * task's {@code file_path}, and {@code sink_path} likewise, relative to the base directory as
 * every path of the API is (an absolute path would disclose the base; on S3 a path is
 * {@code bucket/key}). A job whose source is
 * one regular file has that file as the source of its one task; the sink is the directory it
 * is copied into, as the workers do.
 */
public record TaskPaths(String sourcePath, String sinkPath, boolean singleFileSource) {

    /** Looks once at the job's source, so that a file source is shown as itself, not as a directory. */
    public static TaskPaths of(Job job, Stores stores) {
        return new TaskPaths(job.sourcePath(), job.sinkPath(), isRegularFile(stores, job));
    }

    String sourceFile(String filePath) {
        return singleFileSource ? join(sourcePath, "") : join(sourcePath, filePath);
    }

    String sinkFile(String filePath) {
        return join(sinkPath, filePath);
    }

    /** Lexically, with {@code /}: {@code "docs/"} and {@code "a.txt"} give {@code "docs/a.txt"}. */
    static String join(String root, String filePath) {
        return Path.of(root).resolve(filePath).normalize().toString();
    }

    private static boolean isRegularFile(Stores stores, Job job) {
        try {
            // as the workers decide it (TaskLocations): a source that is, or leads to, a regular file
            Storage storage = stores.of(job.sourceType());
            return storage.stat(storage.locate("source_path", job.sourcePath()))
                    .map(entry -> entry.type() == Entry.Type.FILE).orElse(false);
        } catch (InvalidInput | IOException e) {
            return false; // gone, unreadable or no longer confined: its tasks are shown with the directory form
        }
    }
}
