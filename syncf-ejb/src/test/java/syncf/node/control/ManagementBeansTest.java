package syncf.node.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.management.ManagementFactory;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.RuntimeMBeanException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManagementBeansTest {

    public interface FiguresMXBean {
        long getCopied();

        String getName();
    }

    record Figures(long copied, String name) implements FiguresMXBean {
        @Override
        public long getCopied() {
            return copied;
        }

        @Override
        public String getName() {
            if (name == null) {
                throw new IllegalStateException("the database is not there");
            }
            return name;
        }
    }

    final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    /** Unique per test: the platform server is the JVM's, shared by every test in it. */
    final String properties = "type=Test,name=" + UUID.randomUUID();
    final AtomicLong copied = new AtomicLong();
    ObjectName registered;

    @AfterEach
    void unregister() {
        ManagementBeans.unregister(registered);
    }

    @Test
    void everyAttributeIsReadFromTheCurrentValue() throws Exception {
        registered = ManagementBeans.register(properties, FiguresMXBean.class, () -> new Figures(copied.get(), "w1"));
        assertEquals(new ObjectName("syncf:" + properties), registered);
        copied.set(42);
        assertEquals(42L, server.getAttribute(registered, "Copied"));
        copied.set(43);
        AttributeList both = server.getAttributes(registered, new String[] {"Copied", "Name"});
        assertEquals(new Attribute("Copied", 43L), both.asList().get(0));
        assertEquals(new Attribute("Name", "w1"), both.asList().get(1));
    }

    @Test
    void aFailedReadIsTheConsolesErrorNotTheServers() throws Exception {
        registered = ManagementBeans.register(properties, FiguresMXBean.class, () -> new Figures(1, null));
        RuntimeMBeanException failed = assertThrows(RuntimeMBeanException.class,
                () -> server.getAttribute(registered, "Name"));
        assertEquals(IllegalStateException.class, failed.getCause().getClass());
        assertEquals("SyncF's figures could not be read: the database is not there", failed.getCause().getMessage());
        assertNull(failed.getCause().getCause(), "no cause a remote console could not deserialise");
        assertEquals(1L, server.getAttribute(registered, "Copied"));
    }

    @Test
    void aSecondRegistrationReplacesTheFirstAndUnregisteringRemovesIt() throws Exception {
        ObjectName first = ManagementBeans.register(properties, FiguresMXBean.class, () -> new Figures(1, "old"));
        registered = ManagementBeans.register(properties, FiguresMXBean.class, () -> new Figures(2, "new"));
        assertEquals(first, registered);
        assertEquals("new", server.getAttribute(registered, "Name"));
        ManagementBeans.unregister(registered);
        assertFalse(server.isRegistered(registered));
        ManagementBeans.unregister(registered); // a second time: nothing there, nothing thrown
    }

    @Test
    void aWorkerIdWithColonsAndCommasMakesAValidName() {
        registered = ManagementBeans.register("type=Test,name=" + ManagementBeans.quoted("4242@host:8080, \"x\""),
                FiguresMXBean.class, () -> new Figures(1, "w"));
        assertNotNull(registered);
        assertEquals("4242@host:8080, \"x\"", ObjectName.unquote(registered.getKeyProperty("name")));
    }
}
