package syncf.auth.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everyone who may call a node, read from a credentials file of lines
 * <pre>
 * user  NAME ROLE PBKDF2WithHmacSHA256:ITERATIONS:SALT:HASH   (./syncf hash-password NAME ROLE)
 * token NAME ROLE sha256:HEX                                   (./syncf new-token NAME ROLE)
 * </pre>
 * with {@code #} comments and blank lines. Only hashes are kept: the file gives away no secret.
 */
public final class Credentials {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    /** Hashed for a name no user has, so that an unknown name costs what a wrong password does. */
    private static final class Nobody {
        static final PasswordHash HASH = PasswordHash.of("nobody".toCharArray());
    }

    private record User(Caller caller, PasswordHash hash) {
    }

    private record Token(Caller caller, TokenHash hash) {
    }

    private final Map<String, User> users;
    private final List<Token> tokens;

    private Credentials(Map<String, User> users, List<Token> tokens) {
        this.users = Map.copyOf(users);
        this.tokens = List.copyOf(tokens);
    }

    /** No credentials: the node answers only on loopback. */
    public static Credentials none() {
        return new Credentials(Map.of(), List.of());
    }

    public static Credentials read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidCredentials("the credentials file " + file + " cannot be read: " + e);
        }
        return parse(file.toString(), lines);
    }

    static Credentials parse(String source, List<String> lines) {
        Map<String, User> users = new LinkedHashMap<>();
        List<Token> tokens = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1) + ": ";
            String[] words = line.split("\\s+");
            if (words.length != 4 || !(words[0].equals("user") || words[0].equals("token"))) {
                throw new InvalidCredentials(where + "expected 'user NAME ROLE HASH' or 'token NAME ROLE HASH'");
            }
            Caller caller = caller(where, words[1], words[2]);
            String name = caller.name();
            Role role = caller.role();
            if (!names.add(name)) {
                throw new InvalidCredentials(where + name + " is named twice");
            }
            if (words[0].equals("user")) {
                PasswordHash hash = PasswordHash.parse(words[3]).orElseThrow(() -> new InvalidCredentials(
                        where + "not a password hash; ./syncf hash-password " + name + " " + role + " makes one"));
                users.put(name, new User(caller, hash));
            } else {
                TokenHash hash = TokenHash.parse(words[3]).orElseThrow(() -> new InvalidCredentials(
                        where + "not a token hash (sha256:HEX); ./syncf new-token " + name + " " + role + " makes one"));
                tokens.add(new Token(caller, hash));
            }
        }
        if (users.isEmpty() && tokens.isEmpty()) {
            throw new InvalidCredentials("the credentials file " + source + " names no user and no token");
        }
        return new Credentials(users, tokens);
    }

    /** The caller a line names, or why it is not one. */
    static Caller caller(String where, String name, String role) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidCredentials(where + "a name is letters, digits, '.', '_', '@' or '-' (at most 64): " + name);
        }
        return new Caller(name, Role.named(role).orElseThrow(
                () -> new InvalidCredentials(where + "the role is viewer or operator, not " + role)));
    }

    /** Whether anyone is named: without credentials a node answers only on loopback. */
    public boolean configured() {
        return !users.isEmpty() || !tokens.isEmpty();
    }

    /** The user with this name and password. */
    public Optional<Caller> password(String name, char[] password) {
        User user = users.get(name);
        if (user == null) {
            Nobody.HASH.matches(password);
            return Optional.empty();
        }
        return user.hash().matches(password) ? Optional.of(user.caller()) : Optional.empty();
    }

    /** The caller this Bearer token belongs to; every token is compared, so the time says nothing of which. */
    public Optional<Caller> token(String token) {
        Caller found = null;
        for (Token candidate : tokens) {
            if (candidate.hash().matches(token)) {
                found = candidate.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public String toString() {
        return users.size() + " users, " + tokens.size() + " tokens";
    }
}
