package syncf.storage.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import syncf.storage.control.SourceChanged;
import syncf.storage.control.StorageFailure;

/**
 * The SDK's exceptions in the words a user reads ({@link StorageFailure}), with the side they
 * hit. Only S3's error code and HTTP status are kept: the SDK's own messages can carry the
 * endpoint, a request id or an account ARN, and none of that belongs in a task's
 * {@code last_error} or a log line, so the SDK's exception is not kept as the cause either (a
 * stack trace would print it). The SDK has already retried what its standard retry mode
 * retries (throttling, 5xx, broken connections); SyncF's task retries do the rest.
 */
final class S3Errors {

    /** What was being done, and so which words a failure gets. */
    enum Side {
        /** a stat or listing, of either side: the bucket is named instead */
        LOOK("cannot read"),
        SOURCE("cannot read the source"),
        SINK("cannot write the sink");

        private final String words;

        Side(String words) {
            this.words = words;
        }
    }

    private S3Errors() {
    }

    static IOException of(SdkException e, Side side, S3Location at) {
        String prefix = side == Side.LOOK ? side.words + " bucket \"" + at.bucket() + "\"" : side.words;
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            if ("NoSuchBucket".equals(code)) {
                return new StorageFailure("bucket \"" + at.bucket() + "\" does not exist", null);
            } else if (side == Side.SOURCE && status == 412) {
                return new SourceChanged("source changed during the copy: its ETag is no longer the one the copy began with");
            } else if (side == Side.SOURCE && (status == 404 || "NoSuchKey".equals(code))) {
                return new SourceChanged("source was deleted");
            } else if (status == 403) {
                return new StorageFailure(prefix + ": access denied", null);
            } else if ("BadDigest".equals(code) || "InvalidDigest".equals(code)) {
                return new StorageFailure(prefix + ": the store received other bytes than were sent (" + code + ")", null);
            } else if (status >= 500) {
                return new StorageFailure(prefix + ": the S3 store failed (" + (code == null ? "HTTP " + status : code) + ")", null);
            }
            return new StorageFailure(prefix + ": the S3 store refused the request (" + (code == null ? "" : code + ", ")
                    + "HTTP " + status + ")", null);
        } else if (e instanceof SdkClientException && hasCause(e, IOException.class)) {
            if (hasCause(e, InterruptedIOException.class) && Thread.currentThread().isInterrupted()) {
                return new InterruptedIOException("interrupted");
            }
            // connection refused, reset, timed out, no such host: the SDK's message names the endpoint
            return new StorageFailure(prefix + ": the S3 store does not answer", null);
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("credentials")) {
            return new StorageFailure(prefix + ": the S3 client found no credentials (set AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY, or configure the SDK's default credentials chain)", null);
        }
        // an unparsable answer, a missing region: the SDK's message may name the endpoint
        return new StorageFailure(prefix + ": the S3 client failed", null);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
