package syncf.messaging.ra;

import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.XATerminator;
import jakarta.resource.spi.work.ExecutionContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.List;
import java.util.Timer;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A bootstrap context whose WorkManager runs each Work on a thread of its own and keeps the threads. */
final class TestBootstrap implements BootstrapContext, WorkManager {

    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();

    /** Whether every Work has returned. */
    boolean allWorkFinished() {
        return threads.stream().noneMatch(Thread::isAlive);
    }

    int workStarted() {
        return threads.size();
    }

    /** Exceptions that escaped a Work's run(). */
    List<Throwable> failures() {
        return List.copyOf(failures);
    }

    @Override
    public WorkManager getWorkManager() {
        return this;
    }

    @Override
    public XATerminator getXATerminator() {
        return null;
    }

    @Override
    public Timer createTimer() throws UnavailableException {
        throw new UnavailableException("no timers in tests");
    }

    @Override
    public boolean isContextSupported(Class<? extends WorkContext> workContextClass) {
        return false;
    }

    @Override
    public TransactionSynchronizationRegistry getTransactionSynchronizationRegistry() {
        return null;
    }

    @Override
    public void doWork(Work work) throws WorkException {
        doWork(work, INDEFINITE, null, null);
    }

    @Override
    public void doWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener)
            throws WorkException {
        try {
            start(work).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkException(e);
        }
    }

    @Override
    public long startWork(Work work) {
        start(work);
        return 0;
    }

    @Override
    public long startWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
        start(work);
        return 0;
    }

    @Override
    public void scheduleWork(Work work) {
        start(work);
    }

    @Override
    public void scheduleWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
        start(work);
    }

    private Thread start(Work work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                failures.add(e);
                throw e;
            }
        }, "test-work-" + count.incrementAndGet());
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
        return thread;
    }
}
