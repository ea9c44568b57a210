package syncf.auth.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import syncf.auth.control.Caller;
import syncf.auth.control.RecentLogins;

/** SyncF's one identity store: users and tokens of the credentials file, with their roles as groups. */
@ApplicationScoped
public class CallerStore implements IdentityStore {

    @Inject
    ConfiguredCredentials configured;

    @Inject
    @ConfigProperty(name = "syncf.auth.login-lifetime", defaultValue = "PT5M")
    Duration loginLifetime;

    Clock clock = Clock.systemUTC();

    private RecentLogins recent;

    @PostConstruct
    void start() {
        recent = new RecentLogins(loginLifetime, clock);
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (credential instanceof UsernamePasswordCredential login) {
            return result(password(login.getCaller(), login.getPassword().getValue()));
        }
        if (credential instanceof BearerToken bearer) {
            return result(configured.credentials().token(bearer.token()));
        }
        return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }

    private Optional<Caller> password(String name, char[] password) {
        Optional<Caller> caller = recent.find(name, password);
        if (caller.isEmpty()) {
            caller = configured.credentials().password(name, password);
            caller.ifPresent(found -> recent.verified(name, password, found));
        }
        return caller;
    }

    private static CredentialValidationResult result(Optional<Caller> caller) {
        return caller.map(found -> new CredentialValidationResult(found.name(), found.role().groups()))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
