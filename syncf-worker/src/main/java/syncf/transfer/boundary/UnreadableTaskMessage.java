package syncf.transfer.boundary;

import jakarta.ejb.ApplicationException;
import jakarta.jms.MessageFormatRuntimeException;

/**
 * A message on the task queue that is not what the master sends: not text, not task ids, or ids
 * no task has. The JMS API's own type, so that the resource adapter, which shares no class with
 * this application, recognises it and sets the message aside after a bounded number of
 * deliveries; an application exception, so that the container hands it to the adapter as it is,
 * without logging it as a failure of the bean on every delivery.
 */
@ApplicationException
public class UnreadableTaskMessage extends MessageFormatRuntimeException {

    private static final long serialVersionUID = 1L;

    public UnreadableTaskMessage(String reason) {
        super(reason);
    }
}
