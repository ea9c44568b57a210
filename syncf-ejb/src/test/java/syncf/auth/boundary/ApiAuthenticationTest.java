package syncf.auth.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiAuthenticationTest {

    static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicCredentialsSplitAtTheFirstColonSoPasswordsMayHoldColons() {
        UsernamePasswordCredential login = assertInstanceOf(UsernamePasswordCredential.class,
                ApiAuthentication.credential(basic("alice:pa:ss wörd")).orElseThrow());
        assertEquals("alice", login.getCaller());
        assertEquals("pa:ss wörd", login.getPasswordAsString());
        assertInstanceOf(UsernamePasswordCredential.class, ApiAuthentication.credential("basic " + basic("a:b").substring(6)).orElseThrow());
    }

    @Test
    void aBearerTokenIsTakenAsSent() {
        assertEquals(Optional.of(new BearerToken("syncf_abc")), ApiAuthentication.credential("Bearer syncf_abc"));
    }

    @Test
    void headersOfOtherShapesPresentNothing() {
        assertEquals(Optional.empty(), ApiAuthentication.credential("Basic"));
        assertEquals(Optional.empty(), ApiAuthentication.credential("Basic !!!"));
        assertEquals(Optional.empty(), ApiAuthentication.credential(basic("no colon")));
        assertEquals(Optional.empty(), ApiAuthentication.credential(basic(":no name")));
        assertEquals(Optional.empty(), ApiAuthentication.credential("Bearer "));
        assertEquals(Optional.empty(), ApiAuthentication.credential("Digest username=alice"));
    }
}
