package syncf.worker.boundary;

import java.lang.management.ManagementFactory;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The worker's name, shown as {@code slave_id} on every task it copies. Configured by
 * {@code syncf.worker.id} ({@code SYNCF_WORKER_ID}, {@code ./syncf worker ID}); without one,
 * {@code pid@host}, unique on one machine and stable for the process. Read from this
 * application's own configuration, not injected: see {@code DatabaseProbe} for why.
 */
public final class WorkerIdentity {

    private WorkerIdentity() {
    }

    public static String id() {
        return ConfigProvider.getConfig(WorkerIdentity.class.getClassLoader())
                .getOptionalValue("syncf.worker.id", String.class)
                .filter(id -> !id.isBlank())
                .orElseGet(() -> ManagementFactory.getRuntimeMXBean().getName());
    }
}
