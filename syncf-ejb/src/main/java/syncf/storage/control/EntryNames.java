package syncf.storage.control;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Which names a scan can hand on, and how a name it cannot is shown. SyncF keeps a path as text
 * (in the database, in messages, in the API), and the JVM decodes a name's bytes as UTF-8
 * ({@code ./syncf} runs it in a UTF-8 locale), replacing bytes that are not UTF-8 with U+FFFD:
 * such a name could not be found again, let alone copied byte for byte. So an entry whose name
 * is not valid UTF-8 is skipped with the reason, and shown with each such byte as
 * {@code \xNN} and each backslash as {@code \\}: readable, valid JSON, and reversible to the
 * exact bytes. Every valid name (any script, NFC or NFD, control characters, 255 bytes) is kept
 * byte for byte. A path longer than PATH_MAX cannot be opened at all, and is skipped too.
 */
final class EntryNames {

    private EntryNames() {
    }

    /** Why the scan cannot take a task for this entry; null when it can. */
    static String reasonToSkip(Path entry) {
        if (!isText(entry)) {
            return "the name is not valid UTF-8 (shown here with each byte that is not as \\xNN and a backslash as \\\\);"
                    + " SyncF keeps names as UTF-8 text, so it cannot copy this one byte for byte: rename it to sync it";
        }
        if (!PathLimits.fits(entry)) {
            return "the path is longer than the " + PathLimits.PATH_MAX_BYTES
                    + " bytes Linux allows (PATH_MAX) under the base directory: it cannot be opened by its path";
        }
        return null;
    }

    /** The entry's name as the API shows it: itself, or escaped ({@link #escape}) when it is not UTF-8. */
    static String displayName(Path entry) {
        String name = entry.getFileName().toString();
        return isText(entry) ? name : escape(rawName(entry));
    }

    /** Whether the name's bytes are what its text encodes to, i.e. the JVM decoded it without loss. */
    private static boolean isText(Path entry) {
        return entry.resolveSibling(entry.getFileName().toString()).equals(entry);
    }

    /**
     * A name's bytes, as the filesystem holds them. Path keeps them but gives them out only
     * through its URI, which percent-encodes every byte that is not printable ASCII.
     */
    static byte[] rawName(Path entry) {
        byte[] path = uriBytes(entry.toAbsolutePath());
        int slash = path.length - 1;
        while (path[slash] != '/') {
            slash--;
        }
        return Arrays.copyOfRange(path, slash + 1, path.length);
    }

    /** A symbolic link's target as text: itself, or escaped ({@link #escape}) when it is not UTF-8. */
    static String displayTarget(Path target) {
        if (Path.of(target.toString()).equals(target)) {
            return target.toString();
        }
        byte[] absolute = uriBytes(target.isAbsolute() ? target : Path.of("/").resolve(target));
        return escape(Arrays.copyOfRange(absolute, target.isAbsolute() ? 0 : 1, absolute.length));
    }

    /** An absolute path's bytes, read back from its URI (without the slash a directory's URI ends with). */
    private static byte[] uriBytes(Path absolute) {
        String uri = absolute.toUri().getRawPath();
        if (uri.length() > 1 && uri.endsWith("/") && !absolute.toString().endsWith("/")) {
            uri = uri.substring(0, uri.length() - 1);
        }
        ByteBuffer bytes = ByteBuffer.allocate(uri.length());
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '%') {
                bytes.put((byte) HexFormat.fromHexDigits(uri, i + 1, i + 3));
                i += 2;
            } else {
                bytes.put((byte) c);
            }
        }
        byte[] raw = new byte[bytes.position()];
        bytes.flip().get(raw);
        return raw;
    }

    /**
     * The name as text: valid UTF-8 sequences as themselves, every other byte as {@code \xNN}
     * (lower-case hex), every backslash as {@code \\}. Reversible: read {@code \\} as a
     * backslash, {@code \xNN} as that byte, anything else as its UTF-8.
     */
    static String escape(byte[] name) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(name);
        CharBuffer out = CharBuffer.allocate(name.length);
        StringBuilder shown = new StringBuilder(name.length + 16);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            out.flip();
            while (out.hasRemaining()) {
                char c = out.get();
                shown.append(c == '\\' ? "\\\\" : String.valueOf(c));
            }
            out.clear();
            if (result.isError()) {
                for (int i = 0; i < result.length(); i++) {
                    shown.append("\\x").append(HexFormat.of().toHexDigits(in.get()));
                }
            } else if (result.isUnderflow()) {
                return shown.toString();
            }
        }
    }
}
