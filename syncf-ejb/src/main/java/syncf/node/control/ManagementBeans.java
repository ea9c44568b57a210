package syncf.node.control;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * SyncF's figures as MXBeans under the {@code syncf} domain of the platform MBean server: the
 * one both servers' JMX connectors, their consoles' MBean browsers, JConsole and VisualVM show
 * (WildFly's platform server is its own, so the same call reaches it there too).
 */
public final class ManagementBeans {

    public static final String DOMAIN = "syncf";
    private static final System.Logger LOG = System.getLogger(ManagementBeans.class.getName());

    private ManagementBeans() {
    }

    /**
     * Registers as {@code syncf:<properties>} an MXBean of {@code type} whose every attribute is
     * read from what {@code current} gives at that moment (a snapshot of figures, a live counter).
     */
    public static <T> ObjectName register(String properties, Class<T> type, Supplier<? extends T> current) {
        Object mxbean = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(current, args); // toString, equals, hashCode: of the holder, never a read
            }
            try {
                return method.invoke(current.get(), args);
            } catch (InvocationTargetException e) {
                throw unreadable(e.getCause());
            } catch (RuntimeException e) {
                throw unreadable(e);
            }
        });
        return register(properties, mxbean);
    }

    /**
     * What a console shows when a figure cannot be read (the database away): the reason, as a JDK
     * exception with no cause, since a remote console has none of the server's classes to
     * deserialise one with.
     */
    private static IllegalStateException unreadable(Throwable e) {
        String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return new IllegalStateException("SyncF's figures could not be read: " + reason);
    }

    /**
     * Registers {@code mxbean} as {@code syncf:<properties>}, replacing what an earlier deployment
     * left there (a redeploy whose undeploy did not get to unregister).
     *
     * @return the name to {@link #unregister} at shutdown; null when the server refused it (the
     *         node runs on without the figures, and says so)
     */
    public static ObjectName register(String properties, Object mxbean) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName name = new ObjectName(DOMAIN + ":" + properties);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(mxbean, name);
            LOG.log(INFO, "Monitoring figures registered as {0}", name);
            return name;
        } catch (JMException | SecurityException e) {
            LOG.log(WARNING, "Monitoring figures not registered as " + DOMAIN + ":" + properties + ": " + e);
            return null;
        }
    }

    public static void unregister(ObjectName name) {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // already gone: nothing to do
        } catch (JMException | SecurityException e) {
            LOG.log(WARNING, "Monitoring figures not unregistered from {0}: {1}", name, e);
        }
    }

    /** A value as an ObjectName property value may hold it (a worker id may contain ':' or ','). */
    public static String quoted(String value) {
        return ObjectName.quote(value);
    }
}
