package syncf.transfer.boundary;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.util.List;
import java.util.UUID;
import syncf.task.control.TaskQueue;
import syncf.transfer.control.TaskTransfer;

/**
 * Takes task messages from the queue {@code syncf.tasks} through SyncF's resource adapter
 * ({@code syncf-rar}) and runs one slice of the task, or copies the batch of small files the
 * message carries. A failure that leaves the task undone
 * (the database away, say) is rethrown, so the adapter has the broker deliver the message
 * again; everything the task itself can fail on is recorded on the task.
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "syncf-rar"),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
    @ActivationConfigProperty(propertyName = "destination", propertyValue = "syncf.tasks"),
    @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "4")
})
public class TaskListener implements MessageListener {

    @Inject
    TaskTransfer transfer;

    @Override
    public void onMessage(Message message) {
        try {
            List<UUID> tasks = TaskQueue.idsOf(((TextMessage) message).getText());
            if (tasks.size() == 1) {
                transfer.run(tasks.get(0));
            } else {
                transfer.runBatch(tasks);
            }
        } catch (JMSException e) {
            throw new IllegalStateException("unreadable task message", e);
        }
    }
}
