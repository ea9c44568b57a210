package syncf.node.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HttpListenersTest {

    @Test
    void onAServerWithoutPayarasKernelNothingIsClosedAndNothingFails() {
        // a plain JVM, as WildFly would be: no HK2, no GrizzlyService; the node stops as its server stops it
        assertEquals(List.of(), HttpListeners.close());
    }
}
