package syncf.messaging.ra;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.transaction.xa.XAResource;

/**
 * Plays the EJB container: hands out endpoints that run a {@link Handler} and records what
 * happened, including misuse of the endpoint protocol (onMessage without beforeDelivery, ...).
 */
final class RecordingEndpoints implements MessageEndpointFactory {

    /** What the "bean" does with one attempt; the attempt number counts from 1 per message text. */
    @FunctionalInterface
    interface Handler {
        void handle(TextMessage message, int attempt) throws Exception;
    }

    private final Handler handler;
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final List<String> redelivered = new CopyOnWriteArrayList<>();
    private final List<String> protocolErrors = new CopyOnWriteArrayList<>();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger released = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    RecordingEndpoints(Handler handler) {
        this.handler = handler;
    }

    static RecordingEndpoints accepting() {
        return new RecordingEndpoints((message, attempt) -> { });
    }

    /** Texts whose handler returned normally, in order. */
    List<String> delivered() {
        return List.copyOf(delivered);
    }

    /** Texts that arrived with JMSRedelivered set. */
    List<String> redelivered() {
        return List.copyOf(redelivered);
    }

    int attempts(String text) {
        AtomicInteger count = attempts.get(text);
        return count == null ? 0 : count.get();
    }

    int inFlight() {
        return inFlight.get();
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    int created() {
        return created.get();
    }

    int released() {
        return released.get();
    }

    List<String> protocolErrors() {
        return List.copyOf(protocolErrors);
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource) {
        created.incrementAndGet();
        return new Endpoint();
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource, long timeout) {
        return createEndpoint(xaResource);
    }

    @Override
    public boolean isDeliveryTransacted(Method method) {
        return false;
    }

    @Override
    public String getActivationName() {
        return "recording-endpoints-" + System.identityHashCode(this);
    }

    @Override
    public Class<?> getEndpointClass() {
        return Endpoint.class;
    }

    private final class Endpoint implements MessageEndpoint, MessageListener {
        private boolean before;
        private boolean delivering;
        private boolean releasedAlready;

        @Override
        public void beforeDelivery(Method method) {
            if (before || releasedAlready || !"onMessage".equals(method.getName())) {
                protocolErrors.add("beforeDelivery(" + method.getName() + ") out of order");
            }
            before = true;
        }

        @Override
        public void onMessage(Message message) {
            if (!before || delivering) {
                protocolErrors.add("onMessage without beforeDelivery");
            }
            delivering = true;
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                if (!(message instanceof TextMessage)) {
                    // what a bean does with a message it cannot read, so that the adapter sets it aside
                    throw new MessageFormatRuntimeException("not a text message: " + message.getClass().getSimpleName());
                }
                TextMessage text = (TextMessage) message;
                String body = text.getText();
                int attempt = attempts.computeIfAbsent(body, key -> new AtomicInteger()).incrementAndGet();
                if (message.getJMSRedelivered()) {
                    redelivered.add(body);
                }
                handler.handle(text, attempt);
                delivered.add(body);
            } catch (RuntimeException e) {
                throw e;
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            } catch (Exception e) {
                throw new IllegalStateException("handler failed", e);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public void afterDelivery() {
            if (!before || !delivering) {
                protocolErrors.add("afterDelivery without beforeDelivery and onMessage");
            }
            before = false;
            delivering = false;
        }

        @Override
        public void release() {
            if (releasedAlready || before) {
                protocolErrors.add("release twice or before afterDelivery");
            }
            releasedAlready = true;
            released.incrementAndGet();
        }
    }
}
