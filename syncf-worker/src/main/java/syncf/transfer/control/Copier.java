package syncf.transfer.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** This worker's one {@link ChunkedCopy}: it keeps the digest state of copies between their slices. */
@ApplicationScoped
public class Copier {

    @Inject
    @ConfigProperty(name = "syncf.transfer.chunk-size-bytes", defaultValue = "8388608")
    int chunkSize;

    private ChunkedCopy copy;

    @PostConstruct
    void create() {
        copy = new ChunkedCopy(chunkSize);
    }

    public ChunkedCopy copy() {
        return copy;
    }
}
