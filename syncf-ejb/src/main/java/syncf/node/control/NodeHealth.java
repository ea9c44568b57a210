package syncf.node.control;

import static java.lang.System.Logger.Level.INFO;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The node's health checks, gathered across the EAR's web modules, and the answer
 * {@code /health} gives, where the server gathers none (WildFly leaves out the checks inside an
 * EAR: docs/adr/0022). One instance per application: the EJB module is the one part every WAR of
 * the EAR sees, so each registers its own checks here as it starts and takes them away as it
 * stops. Checks run outside a transaction, as the server's health endpoint runs them, and
 * concurrently: a slow database does not queue a liveness probe behind it.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class NodeHealth {

    private static final System.Logger LOG = System.getLogger(NodeHealth.class.getName());

    /** By module, in the order of their names: the answer lists the checks in the same order every time. */
    private final Map<String, List<RegisteredCheck>> modules = new ConcurrentSkipListMap<>();

    /**
     * The checks of {@code module}, replacing what it registered before, until the registration
     * returned is removed. Removing it touches this registry only, not the container: on WildFly
     * the EJB module's components stop before the WARs that registered here (a call to this bean
     * from a module's stop failed with {@code WFLYEE0043: Component is stopped}).
     */
    public Registration register(String module, List<RegisteredCheck> checks) {
        List<RegisteredCheck> registered = List.copyOf(checks);
        modules.put(module, registered);
        LOG.log(INFO, "Health checks of {0}: {1}", module, checks.stream().map(RegisteredCheck::source).toList());
        return () -> modules.computeIfPresent(module, (name, current) -> current == registered ? null : current);
    }

    /** A module's checks in the registry, until removed; removing it leaves a later registration of the module. */
    @FunctionalInterface
    public interface Registration {
        void remove();
    }

    /** Every registered check of these kinds called once (one of two kinds counts once), and what they add up to. */
    public HealthAnswer answer(Set<CheckKind> kinds) {
        List<RegisteredCheck> chosen = new ArrayList<>();
        modules.values().forEach(checks -> checks.stream()
                .filter(check -> kinds.contains(check.kind()))
                .filter(check -> chosen.stream().noneMatch(known -> known.check() == check.check()))
                .forEach(chosen::add));
        return HealthAnswer.of(chosen.stream().map(RegisteredCheck::call).toList());
    }
}
