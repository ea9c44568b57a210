package syncf.task.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaskTest {

    static final UUID JOB = UUID.randomUUID();
    static final Instant MTIME = Instant.ofEpochMilli(1_700_000_000_000L);

    @Test
    void aFileStartsPendingAtZeroProgress() {
        Task task = new Task(JOB, "a/b.txt", 10, MTIME);
        assertEquals(EntryKind.FILE, task.kind());
        assertEquals(TaskStatus.PENDING, task.status());
        assertEquals(0.0, task.progress());
        assertNull(task.sourceTag(), "a local file's version has no tag");
        assertEquals("\"5d41402abc4b2a76b9719d911017c592\"",
                new Task(JOB, "k", 5, MTIME, "\"5d41402abc4b2a76b9719d911017c592\"").sourceTag(),
                "an S3 object's ETag, carried to the worker");
    }

    @Test
    void aSkippedLinkIsFinalFromTheStartAndSaysWhy() {
        Task task = Task.skippedSymlink(JOB, "out", 6, MTIME, "../etc", "leads out of the source");
        assertEquals(TaskStatus.SKIPPED, task.status());
        assertEquals(EntryKind.SYMLINK, task.kind());
        assertEquals("../etc", task.linkTarget());
        assertEquals("leads out of the source", task.lastError());
        assertThrows(LeaseLost.class, () -> task.complete("w1", null), "no worker ever holds it");
    }

    @Test
    void aTaskOnlyItsHolderMayEnd() {
        Task task = Task.directory(JOB, "empty", MTIME);
        assertThrows(LeaseLost.class, () -> task.complete("w1", null));
        assertThrows(LeaseLost.class, () -> task.resumed("w1", 10));
        assertEquals(0, task.resumes());
    }

    @Test
    void aNegativeSizeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Task(JOB, "x", -1, MTIME));
    }
}
