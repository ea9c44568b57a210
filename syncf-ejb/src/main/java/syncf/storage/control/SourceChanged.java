package syncf.storage.control;

import java.io.IOException;

/**
 * The source is no longer the version the task was taken for (appended, truncated, rewritten
 * or gone). The attempt is discarded, part file and all: a copy never completes with mixed
 * content.
 */
public class SourceChanged extends IOException {

    public SourceChanged(String detail) {
        super(detail);
    }
}
