package syncf.node.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeMetricsTest {

    final List<ObjectName> registered = new ArrayList<>();

    @AfterEach
    void unregister() {
        registered.forEach(ManagementBeans::unregister);
    }

    @Test
    void aScrapeJoinsEveryModulesTextMasterFirst() {
        registered.add(NodeMetrics.register("worker", () -> "# TYPE syncf_resumes_total counter\nsyncf_resumes_total 1.0\n"));
        registered.add(NodeMetrics.register("master", () -> "# TYPE syncf_jobs gauge\nsyncf_jobs{state=\"running\"} 2.0\n"));
        assertEquals("# TYPE syncf_jobs gauge\nsyncf_jobs{state=\"running\"} 2.0\n"
                + "# TYPE syncf_resumes_total counter\nsyncf_resumes_total 1.0\n", NodeMetrics.scrape());
    }

    @Test
    void aModuleThatCannotBeReadIsLeftOutAndTheOthersAreScraped() {
        registered.add(NodeMetrics.register("master", () -> {
            throw new IllegalStateException("undeploying");
        }));
        registered.add(NodeMetrics.register("worker", () -> "syncf_resumes_total 1.0\n"));
        assertEquals("syncf_resumes_total 1.0\n", NodeMetrics.scrape());
    }

    @Test
    void aNodeWithNoModuleAnswersAnEmptyExposition() {
        assertEquals("", NodeMetrics.scrape());
    }
}
