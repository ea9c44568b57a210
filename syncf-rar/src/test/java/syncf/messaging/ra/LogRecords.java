package syncf.messaging.ra;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Captures what the adapter logs through System.Logger (backed by java.util.logging). */
final class LogRecords extends Handler {

    private static final SimpleFormatter FORMATTER = new SimpleFormatter();
    private final Logger logger = Logger.getLogger("syncf.messaging.ra");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    LogRecords() {
        logger.addHandler(this);
    }

    /** Formatted messages that contain {@code text}. */
    List<LogRecord> containing(String text) {
        return records.stream().filter(record -> FORMATTER.formatMessage(record).contains(text)).toList();
    }

    int count(String text) {
        return containing(text).size();
    }

    /** Records that carry a stack trace. */
    List<LogRecord> withThrowable() {
        return records.stream().filter(record -> record.getThrown() != null).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
