package syncf.job.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import syncf.storage.entity.StorageType;

class JobTest {

    private static Job newJob() {
        return new Job("docs", StorageType.LOCAL, "backup/docs", StorageType.LOCAL, Interval.parse("5m"));
    }

    @Test
    void aNewJobRuns() {
        Job job = newJob();
        assertEquals(JobStatus.RUNNING, job.status());
        assertEquals("5m0s", job.interval().toString());
        assertEquals(job.createdAt(), job.updatedAt());
    }

    @Test
    void pauseThenResumeRunsAgain() {
        Job job = newJob();
        job.pause();
        assertEquals(JobStatus.PAUSED, job.status());
        job.resume();
        assertEquals(JobStatus.RUNNING, job.status());
    }

    @Test
    void pauseRejectsPausedJob() {
        Job job = newJob();
        job.pause();
        IllegalTransition error = assertThrows(IllegalTransition.class, job::pause);
        assertTrue(error.getMessage().contains("it is paused"), error.getMessage());
        assertEquals(JobStatus.PAUSED, job.status());
    }

    @Test
    void resumeRejectsRunningJob() {
        Job job = newJob();
        assertThrows(IllegalTransition.class, job::resume);
        assertEquals(JobStatus.RUNNING, job.status());
    }

    @Test
    void killEndsRunningAndPausedJobs() {
        Job running = newJob();
        running.kill();
        assertEquals(JobStatus.KILLED, running.status());
        Job paused = newJob();
        paused.pause();
        paused.kill();
        assertEquals(JobStatus.KILLED, paused.status());
    }

    @Test
    void nothingLeavesKilled() {
        Job job = newJob();
        job.kill();
        assertThrows(IllegalTransition.class, job::pause);
        assertThrows(IllegalTransition.class, job::resume);
        assertThrows(IllegalTransition.class, job::kill);
        assertEquals(JobStatus.KILLED, job.status());
    }

    @Test
    void everyJobHasItsOwnId() {
        assertNotEquals(newJob().id(), newJob().id());
    }

    @Test
    void constructorRefusesMissingParts() {
        assertThrows(NullPointerException.class,
                () -> new Job(null, StorageType.LOCAL, "b", StorageType.LOCAL, Interval.parse("1s")));
        assertThrows(NullPointerException.class,
                () -> new Job("a", StorageType.LOCAL, "b", StorageType.LOCAL, null));
    }
}
