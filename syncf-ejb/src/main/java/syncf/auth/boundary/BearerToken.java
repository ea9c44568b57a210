package syncf.auth.boundary;

import jakarta.security.enterprise.credential.Credential;

/** What {@code Authorization: Bearer TOKEN} presents. */
record BearerToken(String token) implements Credential {

    @Override
    public String toString() {
        return "BearerToken[***]";
    }
}
