package syncf.job.boundary;

import java.nio.file.Files;
import java.nio.file.Path;
import syncf.error.InvalidInput;
import syncf.job.entity.Job;
import syncf.storage.control.BaseDirectory;

/**
 * Where a job's tasks read and write, as the API shows it: {@code source_path} joined with the
 * task's {@code file_path}, and {@code sink_path} likewise, relative to the base directory as
 * every path of the API is (an absolute path would disclose the base). A job whose source is
 * one regular file has that file as the source of its one task; the sink is the directory it
 * is copied into, as the workers do.
 */
record TaskPaths(String sourcePath, String sinkPath, boolean singleFileSource) {

    /** Looks once at the job's source, so that a file source is shown as itself, not as a directory. */
    static TaskPaths of(Job job, BaseDirectory base) {
        return new TaskPaths(job.sourcePath(), job.sinkPath(), isRegularFile(base, job.sourcePath()));
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

    private static boolean isRegularFile(BaseDirectory base, String sourcePath) {
        try {
            // as the workers decide it (TaskTransfer): a source that is, or leads to, a regular file
            return Files.isRegularFile(base.confine("source_path", sourcePath).location());
        } catch (InvalidInput e) {
            return false; // gone or no longer confined: its tasks are shown with the directory form
        }
    }
}
