package syncf.node.boundary;

import static java.lang.System.Logger.Level.DEBUG;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.HealthCheck;
import syncf.node.control.CheckKind;
import syncf.node.control.NodeHealth;
import syncf.node.control.RegisteredCheck;

/**
 * Gives {@link NodeHealth} the health checks of the web module it is declared in (each WAR's
 * {@code web.xml}) as the module starts, and takes them back as it stops; the module at
 * {@code /} also serves them ({@link HealthEndpoint}). Only where {@code syncf.health.endpoint}
 * is {@code true}: elsewhere the server gathers the checks itself and this does nothing.
 *
 * <p>The checks are looked up through the bean manager of the WAR being started, from its
 * {@code java:comp/BeanManager}: this class lives in the EJB module, whose own bean manager sees
 * none of a WAR's beans. They are the WAR's {@code HealthCheck} beans with the qualifiers
 * MicroProfile Health looks for ({@code @Readiness}, {@code @Liveness}, {@code @Startup}).
 */
public class ModuleChecks implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(ModuleChecks.class.getName());

    private NodeHealth.Registration registration;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (!HealthEndpoint.enabled(ConfigProvider.getConfig())) {
            LOG.log(DEBUG, "{0} is off: the server gathers the health checks of {1}", HealthEndpoint.ENABLED, context.getContextPath());
            return;
        }
        BeanManager beans;
        try {
            beans = InitialContext.doLookup("java:comp/BeanManager");
        } catch (NamingException e) {
            throw new IllegalStateException("No bean manager in " + context.getContextPath() + " to find its health checks in", e);
        }
        String module = context.getContextPath().isEmpty() ? "/" : context.getContextPath();
        NodeHealth node = beans.createInstance().select(NodeHealth.class).get();
        registration = node.register(module, checks(beans));
        if (context.getContextPath().isEmpty()) {
            HealthEndpoint.map(context, node);
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (registration != null) {
            registration.remove();
        }
    }

    /** One reference per check bean, registered once for each kind it is of. */
    private static List<RegisteredCheck> checks(BeanManager beans) {
        List<RegisteredCheck> checks = new ArrayList<>();
        Map<Bean<?>, HealthCheck> references = new HashMap<>();
        for (CheckKind kind : CheckKind.values()) {
            for (Instance.Handle<HealthCheck> handle : beans.createInstance().select(HealthCheck.class, kind.qualifier()).handles()) {
                HealthCheck check = references.computeIfAbsent(handle.getBean(), bean -> handle.get());
                checks.add(new RegisteredCheck(handle.getBean().getBeanClass().getName(), kind, check));
            }
        }
        return checks;
    }
}
