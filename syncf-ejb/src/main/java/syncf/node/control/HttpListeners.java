package syncf.node.control;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The server's HTTP listeners, closed at once: from the moment {@link #close()} returns, a
 * client's connection is refused, and whatever the server does next (stopping the applications,
 * whose contexts would answer bodiless 503s and HTML pages of the container's own) no client sees
 * (docs/adr/0012).
 *
 * <p>Payara's listeners are Grizzly transports held by its kernel's {@code GrizzlyService};
 * closing one there is synchronous (the server socket is closed when the call returns) and
 * in memory, unlike the admin command {@code set ...enabled=false}, which is applied later by a
 * configuration listener and written to {@code domain.xml} (a full Payara Server would restart
 * with its listener disabled). Reached by reflection through HK2, Payara's service registry, so
 * that SyncF compiles against no server internals, and on a server without them (WildFly)
 * nothing is closed early and the node stops as that server stops it.
 */
public final class HttpListeners {

    private static final System.Logger LOG = System.getLogger(HttpListeners.class.getName());
    private static final String GLOBALS = "org.glassfish.internal.api.Globals";
    private static final String GRIZZLY_SERVICE = "com.sun.enterprise.v3.services.impl.GrizzlyService";
    private static final String NETWORK_LISTENER = "org.glassfish.grizzly.config.dom.NetworkListener";
    /** Payara Server's administration port (asadmin, stop-domain): it stays up for the server's own stop. */
    private static final String ADMIN_LISTENER = "admin-listener";

    private HttpListeners() {
    }

    /**
     * Closes every open HTTP listener but the administration listener.
     *
     * @return the names of the listeners closed; none where the server has no such mechanism
     */
    public static List<String> close() {
        List<String> closed = new ArrayList<>();
        try {
            Method defaultLocator = Class.forName(GLOBALS, true, HttpListeners.class.getClassLoader())
                    .getMethod("getDefaultBaseServiceLocator");
            Object locator = defaultLocator.invoke(null);
            Registry registry = new Registry(defaultLocator.getReturnType(), locator);
            Object grizzly = registry.services(GRIZZLY_SERVICE).stream().findFirst()
                    .orElseThrow(() -> new ClassNotFoundException(GRIZZLY_SERVICE));
            Method lookup = method(grizzly.getClass(), "lookupNetworkProxy", NETWORK_LISTENER);
            Class<?> listenerType = lookup.getParameterTypes()[0];
            Method name = listenerType.getMethod("getName");
            Method closeProxy = method(grizzly.getClass(), "closeNetworkProxy", null);
            Class<?> proxyType = closeProxy.getParameterTypes()[0];
            Method removeProxy = method(grizzly.getClass(), "removeNetworkProxy", proxyType.getName());
            Method port = proxyType.getMethod("getPort");
            for (Object listener : registry.services(NETWORK_LISTENER)) {
                String listenerName = (String) name.invoke(listener);
                Object proxy = lookup.invoke(grizzly, listener);
                if (proxy == null || ADMIN_LISTENER.equals(listenerName)) {
                    continue; // not open (a disabled listener has no proxy), or the administration port
                }
                closeProxy.invoke(grizzly, proxy);
                // out of the server's list too: its own stop would stop the closed transport again
                removeProxy.invoke(grizzly, proxy);
                closed.add(listenerName);
                LOG.log(INFO, "Closed the HTTP listener {0} (port {1}) before the applications stop",
                        listenerName, String.valueOf(port.invoke(proxy)));
            }
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            LOG.log(INFO, "This server offers no way to close its HTTP listener first ({0}): it stops as it always does", e.toString());
        } catch (InvocationTargetException e) {
            LOG.log(WARNING, "Closing the HTTP listener failed: it closes with the server", e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(WARNING, "Closing the HTTP listener failed: it closes with the server", e);
        }
        return closed;
    }

    /** The public method {@code name} of {@code type} whose one parameter is of the type named (any type if null). */
    private static Method method(Class<?> type, String name, String parameterType) throws NoSuchMethodException {
        return Arrays.stream(type.getMethods())
                .filter(method -> method.getName().equals(name) && method.getParameterCount() == 1)
                .filter(method -> parameterType == null || method.getParameterTypes()[0].getName().equals(parameterType))
                .findFirst().orElseThrow(() -> new NoSuchMethodException(type.getName() + "." + name));
    }

    /** HK2's registry, searched by contract name: the contract classes are not visible to an application. */
    private record Registry(Class<?> locatorType, Object locator) {

        List<Object> services(String contract) throws ReflectiveOperationException {
            ClassLoader hk2 = locatorType.getClassLoader();
            Class<?> filterType = Class.forName("org.glassfish.hk2.api.Filter", false, hk2);
            Method contracts = Class.forName("org.glassfish.hk2.api.Descriptor", false, hk2).getMethod("getAdvertisedContracts");
            Method service = Class.forName("org.glassfish.hk2.api.ServiceHandle", false, hk2).getMethod("getService");
            Object filter = Proxy.newProxyInstance(hk2, new Class<?>[] {filterType}, (self, method, args) -> switch (method.getName()) {
                case "matches" -> ((Collection<?>) contracts.invoke(args[0])).contains(contract);
                case "equals" -> self == args[0];
                case "hashCode" -> System.identityHashCode(self);
                default -> "services of " + contract;
            });
            List<Object> services = new ArrayList<>();
            for (Object handle : (List<?>) locatorType.getMethod("getAllServiceHandles", filterType).invoke(locator, filter)) {
                services.add(service.invoke(handle));
            }
            return services;
        }
    }
}
