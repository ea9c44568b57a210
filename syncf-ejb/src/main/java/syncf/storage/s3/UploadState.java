package syncf.storage.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a multipart upload stands: the upload id, the part size and the parts the store
 * acknowledged. A checkpoint keeps it as text ({@link #text()}, the stage's resume state), so
 * that whichever worker resumes takes up this upload without asking the store which upload is
 * the target's, and {@link S3Stages} reconciles it with ListParts; without one, it rebuilds it
 * from the target alone.
 *
 * @param uploadId null while no part has been sent (the upload is created with the first)
 * @param parts    the parts on the server, numbered 1..n without a gap, each {@code partSize} long
 */
public record UploadState(String uploadId, long partSize, List<Part> parts) {

    /** The first line of the text: what it is and the version of its form. */
    private static final String FORM = "syncf-s3-upload 1";

    public UploadState {
        parts = List.copyOf(parts);
    }

    /** The bytes the parts hold: the offset a resume writes on from. */
    public long uploaded() {
        return parts.size() * partSize;
    }

    /** One part as UploadPart answered it. */
    public record Part(int number, long size, String eTag) {
    }

    /**
     * As a checkpoint keeps it: a line for the form, the upload id, the part size, then one line
     * per part (number, size, ETag). Null while nothing was sent: the target alone then tells.
     */
    public String text() {
        if (uploadId == null) {
            return null;
        }
        StringBuilder text = new StringBuilder(FORM).append('\n').append(uploadId).append('\n').append(partSize);
        for (Part part : parts) {
            text.append('\n').append(part.number()).append(' ').append(part.size()).append(' ').append(part.eTag());
        }
        return text.toString();
    }

    /** What {@link #text()} wrote; empty for any other text (another form, a local stage's, a damaged one). */
    public static Optional<UploadState> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] lines = text.split("\n", -1);
        if (lines.length < 3 || !lines[0].equals(FORM) || lines[1].isBlank()) {
            return Optional.empty();
        }
        try {
            long partSize = Long.parseLong(lines[2]);
            List<Part> parts = new ArrayList<>();
            for (int i = 3; i < lines.length; i++) {
                String[] fields = lines[i].split(" ", 3);
                if (fields.length != 3 || Integer.parseInt(fields[0]) != parts.size() + 1) {
                    return Optional.empty();
                }
                parts.add(new Part(Integer.parseInt(fields[0]), Long.parseLong(fields[1]), fields[2]));
            }
            return Optional.of(new UploadState(lines[1], partSize, parts));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
