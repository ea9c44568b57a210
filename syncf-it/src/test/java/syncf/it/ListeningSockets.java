package syncf.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The sockets a process listens on (TCP) or takes datagrams from anyone on (UDP), read from the
 * kernel's socket tables and the process's descriptors: a test learns what a node opens without
 * sending anything anywhere.
 */
final class ListeningSockets {

    /** One socket: its local address as the kernel writes it (hex) and its port. */
    record Socket(String address, int port) {

        boolean onLoopback() {
            return address.equals("0100007F") // 127.0.0.1
                    || address.equals("0000000000000000FFFF00000100007F") // ::ffff:127.0.0.1
                    || address.equals("00000000000000000000000001000000"); // ::1
        }
    }

    private ListeningSockets() {
    }

    static List<Socket> of(long pid) throws IOException {
        Set<String> inodes = socketInodes(pid);
        return Stream.of("/proc/net/tcp", "/proc/net/tcp6", "/proc/net/udp", "/proc/net/udp6")
                .flatMap(file -> lines(file).map(String::trim).map(line -> line.split("\\s+"))
                        .filter(fields -> fields.length > 9 && inodes.contains(fields[9]))
                        // a TCP socket that listens; a UDP socket that takes datagrams from anyone
                        .filter(fields -> file.contains("tcp") ? fields[3].equals("0A") : fields[2].matches("0+:0000")))
                .map(fields -> new Socket(fields[1].substring(0, fields[1].indexOf(':')),
                        Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16)))
                .toList();
    }

    private static Set<String> socketInodes(long pid) throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return descriptors.map(ListeningSockets::target)
                    .filter(target -> target.startsWith("socket:["))
                    .map(target -> target.substring("socket:[".length(), target.length() - 1))
                    .collect(Collectors.toSet());
        }
    }

    private static String target(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor).toString();
        } catch (IOException e) {
            return ""; // closed since it was listed
        }
    }

    private static Stream<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file)).stream().skip(1);
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
