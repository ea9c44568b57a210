package syncf.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javax.management.openmbean.CompositeData;

/**
 * What an operator of {@code ./syncf wildfly}'s server reads in its monitoring, through its
 * management interface on the management port: WildFly's JMX connector ({@code remote+http},
 * the one {@code bin/jconsole.sh} uses; a local client needs no user), which carries both the
 * management model (the {@code jboss.as} MBeans: the data source pool's and the beans'
 * statistics the set-up switches on, the same figures the management console shows) and
 * SyncF's own MBeans under {@code syncf}.
 */
record WildFlyMonitoring(Jmx jmx) {

    static final String POOL = "jboss.as:subsystem=datasources,data-source=syncf,statistics=pool";
    static final String EJB3 = "jboss.as:deployment=syncf.ear,subdeployment=%s,subsystem=ejb3,%s";
    static final String LISTENER = EJB3.formatted("syncf-worker.war", "message-driven-bean=TaskListener");
    static final String SCANS = EJB3.formatted("syncf-web.war", "singleton-bean=ScanSchedule");

    static WildFlyMonitoring of(Path wildflyHome, int managementPort) {
        return new WildFlyMonitoring(Jmx.wildfly(wildflyHome, managementPort));
    }

    /** The figures this test watches, at one moment. */
    record Reading(long poolCommits, long messages, long scanTimers, long completedTasks, long workerFiles) {
    }

    Reading read() {
        String worker = jmx.names("syncf:type=Worker,*").iterator().next().toString();
        return new Reading(jmx.number(POOL, "XACommitCount"), jmx.number(LISTENER, "invocations"),
                ((CompositeData[]) jmx.attribute(SCANS, "timers")).length,
                jmx.number("syncf:type=Jobs", "CompletedTasks"), jmx.number(worker, "CopiedFiles"));
    }

    /** Every figure moved from {@code before}: a scan timer for the new job, the tasks and files by at least {@code files}. */
    void assertMovedSince(Reading before, int files) {
        Reading now = read();
        String moved = before + " -> " + now;
        assertTrue(now.poolCommits() > before.poolCommits(), "the data source pool's commits: " + moved);
        assertTrue(now.messages() > before.messages(), "the message-driven bean's invocations: " + moved);
        assertTrue(now.scanTimers() > before.scanTimers(), "the scan timers (one per running job): " + moved);
        assertTrue(now.completedTasks() >= before.completedTasks() + files, "syncf:type=Jobs CompletedTasks: " + moved);
        assertTrue(now.workerFiles() >= before.workerFiles() + files, "the worker's CopiedFiles: " + moved);
    }
}
