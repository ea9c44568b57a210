package syncf.node.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/**
 * The handler is in place while the application is deployed and gone once it is undeployed
 * (a redeploy on a server that goes on must not leave a handler of a dead application). What
 * it does on a real SIGTERM is ReadinessIT's: a node, its listener and a client.
 */
class ListenerClosesFirstTest {

    @Test
    void theHandlerOfSigtermIsOursWhileDeployedAndTheOneBeforeOnceUndeployed() throws Exception {
        Object before = currentHandler("TERM");
        ListenerClosesFirst bean = new ListenerClosesFirst();
        bean.install();
        try {
            Object installed = currentHandler("TERM");
            assertTrue(Proxy.isProxyClass(installed.getClass()) && installed.toString().startsWith("SyncF"),
                    () -> "ours: " + installed);
        } finally {
            bean.uninstall();
        }
        Object after = currentHandler("TERM");
        assertFalse(Proxy.isProxyClass(after.getClass()), () -> "not ours any more: " + after);
        assertSame(before.getClass(), after.getClass(), "the JVM's handler again");
    }

    /** The handler of a signal now: swapped out for the JVM's default and put straight back. */
    private static Object currentHandler(String name) throws ReflectiveOperationException {
        Class<?> signalType = Class.forName("sun.misc.Signal");
        Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
        Method handle = signalType.getMethod("handle", signalType, handlerType);
        Object signal = signalType.getConstructor(String.class).newInstance(name);
        Object current = handle.invoke(null, signal, handlerType.getField("SIG_DFL").get(null));
        handle.invoke(null, signal, current);
        return current;
    }
}
