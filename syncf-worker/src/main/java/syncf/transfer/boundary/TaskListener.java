package syncf.transfer.boundary;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.util.UUID;
import syncf.transfer.control.TaskTransfer;

/**
 * Takes task messages from the queue {@code syncf.tasks} through SyncF's resource adapter
 * ({@code syncf-rar}) and runs one slice of the task. A failure that leaves the task undone
 * (the database away, say) is rethrown, so the adapter has the broker deliver the message
 * again; everything the task itself can fail on is recorded on the task.
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "syncf-rar"),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
    @ActivationConfigProperty(propertyName = "destination", propertyValue = "syncf.tasks"),
    @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "2")
})
public class TaskListener implements MessageListener {

    @Inject
    TaskTransfer transfer;

    @Override
    public void onMessage(Message message) {
        try {
            transfer.run(UUID.fromString(((TextMessage) message).getText()));
        } catch (JMSException e) {
            throw new IllegalStateException("unreadable task message", e);
        }
    }
}
