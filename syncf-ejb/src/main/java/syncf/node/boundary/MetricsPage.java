package syncf.node.boundary;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import syncf.node.control.NodeMetrics;

/**
 * {@code GET /api/metrics}: SyncF's metrics of this node, master's and worker's, in the
 * Prometheus text format, for a scraper. Declared in each web module's {@code web.xml}, so a
 * worker alone serves it too; beside the server's own {@code /metrics} (Payara's MicroProfile
 * Metrics: the JVM, the pools), not in its place (docs/adr/0023).
 */
public class MetricsPage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] text = NodeMetrics.scrape().getBytes(StandardCharsets.UTF_8);
        response.setContentType(NodeMetrics.CONTENT_TYPE);
        response.setContentLength(text.length);
        response.getOutputStream().write(text);
    }
}
