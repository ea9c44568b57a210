package syncf.messaging.ra;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Declares a queue the way every SyncF client does: a queue that exists is used as it is, whatever
 * arguments or policies an operator gave it (a quorum queue, a length limit, a dead-letter policy);
 * only a missing one is created, durable, classic, with no arguments. Redeclaring with other
 * arguments than the queue has would fail with PRECONDITION_FAILED and close the channel.
 */
final class Queues {

    private static final int NOT_FOUND = 404;

    private Queues() {
    }

    static void declare(Connection connection, String queue) throws IOException, TimeoutException {
        Channel channel = connection.createChannel();
        try {
            channel.queueDeclarePassive(queue);
            channel.close();
            return;
        } catch (IOException e) {
            if (!notFound(e)) {
                throw e; // the broker closed the channel with the error
            }
        }
        Channel creating = connection.createChannel();
        creating.queueDeclare(queue, true, false, false, null);
        creating.close();
    }

    private static boolean notFound(IOException failure) {
        return failure.getCause() instanceof ShutdownSignalException signal
                && signal.getReason() instanceof AMQP.Channel.Close close && close.getReplyCode() == NOT_FOUND;
    }
}
