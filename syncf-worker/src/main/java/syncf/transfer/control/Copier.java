package syncf.transfer.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This worker's one {@link ChunkedCopy}, which keeps the digest state of copies between their
 * slices, and its {@link BatchCopy} for batches of files of at most one chunk.
 */
@ApplicationScoped
public class Copier {

    @Inject
    @ConfigProperty(name = "syncf.transfer.chunk-size-bytes", defaultValue = "8388608")
    int chunkSize;

    /** The container's threads: they hash beside the copying threads. */
    @Resource
    ManagedExecutorService executor;

    private ChunkedCopy copy;
    private BatchCopy batch;

    @PostConstruct
    void create() {
        copy = new ChunkedCopy(chunkSize, executor);
        batch = new BatchCopy(chunkSize);
    }

    public ChunkedCopy copy() {
        return copy;
    }

    public BatchCopy batch() {
        return batch;
    }
}
