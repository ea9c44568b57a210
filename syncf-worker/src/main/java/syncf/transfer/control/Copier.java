package syncf.transfer.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This worker's one {@link ChunkedCopy}, which keeps the digest state of copies between their
 * slices, and its {@link BatchCopy} for batches of files of at most one chunk.
 */
@ApplicationScoped
public class Copier {

    /** Enough for the four sessions' hashing, and for fsyncs to share journal commits (8 measured best). */
    private static final int HELPERS = 8;

    @Inject
    @ConfigProperty(name = "syncf.transfer.chunk-size-bytes", defaultValue = "8388608")
    int chunkSize;

    /**
     * Threads for the work beside the copying threads (hashing, fsyncs), made by the container's
     * thread factory. A pool of our own: Payara's default managed executor has a core pool of 0
     * threads and an unbounded queue, which a thread pool executor serves from a single thread.
     */
    @Resource
    ManagedThreadFactory threads;

    private ExecutorService helpers;

    private ChunkedCopy copy;
    private BatchCopy batch;

    @PostConstruct
    void create() {
        helpers = Executors.newFixedThreadPool(HELPERS, threads);
        copy = new ChunkedCopy(chunkSize, helpers);
        batch = new BatchCopy(chunkSize, helpers);
    }

    @PreDestroy
    void stop() {
        helpers.shutdownNow();
    }

    public ChunkedCopy copy() {
        return copy;
    }

    public BatchCopy batch() {
        return batch;
    }
}
