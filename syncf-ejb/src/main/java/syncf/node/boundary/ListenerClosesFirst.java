package syncf.node.boundary;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import syncf.node.control.HttpListeners;

/**
 * A node told to stop (SIGTERM: {@code kill}, an orchestrator, {@code ./syncf}'s own stop;
 * SIGINT: Ctrl-C) closes its HTTP listener first, and only then lets the JVM stop as it would
 * have: Payara Micro's shutdown hook undeploys the applications while its listener still
 * accepts, and the contexts being stopped answered bodiless 503s and 500s and, once, Payara's
 * HTML error page. With the listener closed before that hook runs, a client gets an answer of
 * the API's own or a refused (or, for a request in flight, closed) connection; never a page
 * (docs/adr/0012).
 *
 * <p>The handler replaces the JVM's for TERM and INT and hands the signal on to the handler it
 * replaced (the JVM's, which runs the shutdown hooks; or that of another SyncF application on
 * the same node, which does the same), so the order is fixed: listener closed, then the hooks.
 * {@code sun.misc.Signal} is reached by reflection: it is a JDK-specific API the compiler warns
 * about, and where it is missing, or a signal is ignored (a background job's SIGINT), the node
 * stops as before.
 */
@Startup
@Singleton
public class ListenerClosesFirst {

    private static final System.Logger LOG = System.getLogger(ListenerClosesFirst.class.getName());
    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private final List<Installed> installed = new ArrayList<>();
    /** Cleared when this application is undeployed while the JVM goes on: the handler then only hands on. */
    private volatile boolean armed = true;

    @PostConstruct
    void install() {
        Signals signals;
        try {
            signals = new Signals();
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.log(INFO, "No signal handling on this JVM ({0}): the HTTP listener closes with the server", e.toString());
            return;
        }
        for (String name : SIGNALS) {
            try {
                Object signal = signals.signal(name);
                // a signal may come the instant the handler is in, before the call returns what it replaced
                CompletableFuture<Object> previous = new CompletableFuture<>();
                Object ours = signals.handler(received -> stopping(received, signals, previous.join()));
                Object replaced = signals.handle(signal, ours);
                previous.complete(replaced);
                if (replaced.equals(signals.ignored)) {
                    signals.handle(signal, replaced); // an ignored signal stays ignored: nobody means to stop the node with it
                    continue;
                }
                installed.add(new Installed(signals, signal, ours, replaced));
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                LOG.log(DEBUG, "SIG{0} is not ours to handle: {1}", name, e.toString());
            }
        }
    }

    private void stopping(Object signal, Signals signals, Object previous) {
        if (previous.equals(signals.ignored)) {
            return;
        }
        if (armed) {
            List<String> closed = HttpListeners.close();
            if (!closed.isEmpty()) {
                LOG.log(INFO, "Stopping on SIG{0}: HTTP listener {1} closed", signals.name(signal), String.join(", ", closed));
            }
        }
        signals.handOn(signal, previous);
    }

    @PreDestroy
    void uninstall() {
        armed = false;
        installed.forEach(Installed::restore);
    }

    /** One signal's handler: ours, and the one it replaced. */
    private record Installed(Signals signals, Object signal, Object ours, Object previous) {

        /** Puts back the replaced handler if ours is still the one installed; otherwise ours stays, disarmed. */
        void restore() {
            try {
                Object current = signals.handle(signal, previous);
                if (!current.equals(ours)) {
                    signals.handle(signal, current); // another handler was installed over ours: it stays
                }
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                LOG.log(DEBUG, "Could not restore the handler of {0}: {1}", signal, e.toString());
            }
        }
    }

    /** {@code sun.misc.Signal} and {@code sun.misc.SignalHandler}, by reflection. */
    private static final class Signals {

        final Class<?> signalType;
        final Class<?> handlerType;
        final Method handle;
        final Method handleSignal;
        final Method number;
        final Method name;
        final Object defaults;
        final Object ignored;

        Signals() throws ReflectiveOperationException {
            ClassLoader loader = ListenerClosesFirst.class.getClassLoader();
            signalType = Class.forName("sun.misc.Signal", true, loader);
            handlerType = Class.forName("sun.misc.SignalHandler", true, loader);
            handle = signalType.getMethod("handle", signalType, handlerType);
            handleSignal = handlerType.getMethod("handle", signalType);
            number = signalType.getMethod("getNumber");
            name = signalType.getMethod("getName");
            defaults = handlerType.getField("SIG_DFL").get(null);
            ignored = handlerType.getField("SIG_IGN").get(null);
        }

        /** Hands the signal to the handler ours replaced: the JVM's runs the shutdown hooks. */
        void handOn(Object signal, Object previous) {
            try {
                if (previous.equals(defaults)) {
                    // the OS's default for TERM and INT: the process ends, with the shell's status for it
                    System.exit(128 + (int) number.invoke(signal));
                }
                handleSignal.invoke(previous, signal);
            } catch (IllegalAccessException | InvocationTargetException e) {
                LOG.log(INFO, "Handing {0} on failed ({1}): exiting", signal, e.toString());
                System.exit(143);
            }
        }

        String name(Object signal) {
            try {
                return (String) name.invoke(signal);
            } catch (ReflectiveOperationException e) {
                return signal.toString();
            }
        }

        Object signal(String name) throws ReflectiveOperationException {
            return signalType.getConstructor(String.class).newInstance(name);
        }

        Object handler(java.util.function.Consumer<Object> onSignal) {
            return Proxy.newProxyInstance(handlerType.getClassLoader() == null ? ListenerClosesFirst.class.getClassLoader()
                    : handlerType.getClassLoader(), new Class<?>[] {handlerType}, (self, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            onSignal.accept(args[0]);
                            yield null;
                        }
                        case "equals" -> self == args[0];
                        case "hashCode" -> System.identityHashCode(self);
                        default -> "SyncF: close the HTTP listener, then stop";
                    });
        }

        Object handle(Object signal, Object handler) throws ReflectiveOperationException {
            try {
                return handle.invoke(null, signal, handler);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof IllegalArgumentException refused) {
                    throw refused; // the JVM keeps this signal for itself (e.g. -Xrs)
                }
                throw e;
            }
        }
    }
}
