package syncf.auth.control;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code ./syncf hash-password}, {@code new-token} and {@code check-credentials}: the lines of a
 * credentials file made with the very code that checks them, so no one needs a separate tool.
 * Run with the JDK alone on the class path (no server).
 */
public final class Secrets {

    private Secrets() {
    }

    /** Where a new password comes from. */
    interface PasswordPrompt {
        char[] ask() throws IOException;
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args, Secrets::password, System.out, System.err));
    }

    static int run(String[] args, PasswordPrompt prompt, PrintStream out, PrintStream err) throws IOException {
        try {
            if (args.length == 3 && args[0].equals("hash-password")) {
                Caller caller = Credentials.caller("", args[1], args[2]);
                char[] password = checked(prompt.ask());
                try {
                    out.println("user " + caller.name() + " " + caller.role() + " " + PasswordHash.of(password));
                } finally {
                    Arrays.fill(password, '\0');
                }
                return 0;
            }
            if (args.length == 3 && args[0].equals("new-token")) {
                Caller caller = Credentials.caller("", args[1], args[2]);
                String token = TokenHash.newToken();
                err.println("syncf: the token, shown this once (send it as 'Authorization: Bearer TOKEN'):");
                err.println(token);
                err.println("syncf: the line for the credentials file (SYNCF_AUTH_FILE):");
                out.println("token " + caller.name() + " " + caller.role() + " " + TokenHash.of(token));
                return 0;
            }
            if (args.length == 2 && args[0].equals("check-credentials")) {
                err.println("syncf: " + args[1] + ": " + Credentials.read(Path.of(args[1])));
                return 0;
            }
        } catch (InvalidCredentials e) {
            err.println("syncf: " + e.getMessage());
            return 2;
        }
        err.println("usage: hash-password NAME viewer|operator | new-token NAME viewer|operator | check-credentials FILE");
        return 2;
    }

    /** Asked twice on a terminal, without echo; a line of standard input otherwise (scripts). */
    private static char[] password() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("password: ");
            char[] second = console.readPassword("again: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new InvalidCredentials("the two passwords differ");
            }
            Arrays.fill(second, '\0');
            return first;
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new InvalidCredentials("no password on standard input");
        }
        return line.toCharArray();
    }

    static char[] checked(char[] password) {
        if (password.length < 8) {
            throw new InvalidCredentials("a password has at least 8 characters");
        }
        return password;
    }
}
