package syncf.messaging.ra;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How often this adapter has been handed a message its bean could not read. Classic queues, the
 * RabbitMQ default and what SyncF declares, count nothing (only {@code redelivered}, a flag), so the
 * adapter counts, per message content, in a bounded map: the oldest entries go first, and a message
 * forgotten that way is at worst given its deliveries again. Quorum queues tell the count in
 * {@code x-delivery-count}; the larger of the two counts.
 */
final class DeliveryCounts {

    static final int CAPACITY = 10_000;

    private final Map<String, Integer> counts = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Counts one more delivery of this message and answers how many there have been. */
    synchronized int count(String key, Object brokerDeliveryCount) {
        int counted = counts.merge(key, 1, Integer::sum);
        if (brokerDeliveryCount instanceof Number broker) {
            counted = Math.max(counted, broker.intValue() + 1);
        }
        return counted;
    }

    synchronized void forget(String key) {
        counts.remove(key);
    }

    synchronized int size() {
        return counts.size();
    }

    /** The same message delivered again has the same id (if any) and body. */
    static String keyOf(String messageId, byte[] body) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            if (messageId != null) {
                sha256.update(messageId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha256.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha256.digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
