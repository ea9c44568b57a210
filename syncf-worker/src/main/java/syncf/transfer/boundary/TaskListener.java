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
import java.util.stream.Collectors;
import syncf.task.control.TaskLifecycle;
import syncf.task.control.TaskQueue;
import syncf.transfer.control.TaskTransfer;

/**
 * Takes task messages from the queue {@code syncf.tasks} through SyncF's resource adapter
 * ({@code syncf-rar}) and runs one slice of the task, or copies the batch of small files the
 * message carries. A failure that leaves the task undone (the database away, say) is rethrown,
 * so the adapter has the broker deliver the message again; everything the task itself can fail
 * on is recorded on the task. A message that is not task ids, or carries ids no task has, is
 * refused with {@link UnreadableTaskMessage}: the adapter tries it {@code maxDeliveries} times
 * (another worker, on the right database, may know the ids) and then moves it to the dead-letter
 * queue {@code syncf.tasks.dead} (docs/adr/0014).
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "syncf-rar"),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
    @ActivationConfigProperty(propertyName = "destination", propertyValue = "syncf.tasks"),
    @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "4"),
    @ActivationConfigProperty(propertyName = "maxDeliveries", propertyValue = "3")
})
public class TaskListener implements MessageListener {

    /** Far more than the master batches (syncf.dispatch.batch-max-files, 100 by default), far less than would hurt. */
    static final int MAX_IDS = 10_000;
    private static final int IDS_SHOWN = 3;

    @Inject
    TaskTransfer transfer;

    @Inject
    TaskLifecycle lifecycle;

    @Override
    public void onMessage(Message message) {
        List<UUID> tasks = idsOf(message);
        List<UUID> unknown = lifecycle.unknownAmong(tasks);
        List<UUID> known = unknown.isEmpty() ? tasks : tasks.stream().filter(id -> !unknown.contains(id)).toList();
        if (known.size() == 1) {
            transfer.run(known.get(0));
        } else if (!known.isEmpty()) {
            transfer.runBatch(known);
        }
        if (!unknown.isEmpty()) {
            throw new UnreadableTaskMessage("no task has the id" + (unknown.size() == 1 ? " " : "s ")
                    + unknown.stream().limit(IDS_SHOWN).map(UUID::toString).collect(Collectors.joining(", "))
                    + (unknown.size() > IDS_SHOWN ? " (and " + (unknown.size() - IDS_SHOWN) + " more)" : "")
                    + (known.isEmpty() ? "" : "; the message's other " + known.size() + " were run"));
        }
    }

    /** The task ids of a message the master sent, or why it is not one. */
    static List<UUID> idsOf(Message message) {
        if (!(message instanceof TextMessage text)) {
            String type = message instanceof jakarta.jms.BytesMessage ? "BytesMessage" : message.getClass().getSimpleName();
            throw new UnreadableTaskMessage("a " + type + ", not a text message of task ids");
        }
        String body;
        try {
            body = text.getText();
        } catch (JMSException e) {
            throw new UnreadableTaskMessage("a text message whose text cannot be read: " + e.getMessage());
        }
        List<UUID> ids;
        try {
            ids = TaskQueue.idsOf(body == null ? "" : body);
        } catch (IllegalArgumentException e) {
            throw new UnreadableTaskMessage(e.getMessage());
        }
        if (ids.isEmpty()) {
            throw new UnreadableTaskMessage("an empty message: no task id");
        }
        if (ids.size() > MAX_IDS) {
            throw new UnreadableTaskMessage(ids.size() + " task ids, more than the " + MAX_IDS + " a message may carry");
        }
        return ids;
    }
}
