package syncf.messaging.ra;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.jms.client.message.RMQBytesMessage;
import com.rabbitmq.jms.client.message.RMQTextMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An AMQP delivery as the JMS message a bean reads, or the reason no bean could read it. The adapter
 * decodes what arrives itself, never the JMS client: the JMS client's consumer throws out of the AMQP
 * client's {@code handleDelivery} on a body it did not serialize (anything published by another
 * client) or on a header it cannot map, and the AMQP client then closes the channel, which cost a
 * reconnect per delivery of such a message.
 *
 * <p>The wire format is plain: the body is the text, UTF-8, marked as text by the header
 * {@code JMSType: TextMessage} (what the RabbitMQ JMS client writes for AMQP destinations, so its
 * consumers read the same messages) or by a {@code text/*} content type. Anything else is a
 * {@link jakarta.jms.BytesMessage}; the bean decides whether it can use one.
 */
final class InboundMessage {

    static final String JMS_TYPE = "JMSType";
    static final String TEXT_MESSAGE = "TextMessage";

    private InboundMessage() {
    }

    /** A message a bean can be handed, or why none can. */
    sealed interface Decoded permits Readable, Unreadable {
    }

    record Readable(Message message) implements Decoded {
    }

    record Unreadable(String reason) implements Decoded {
    }

    static Decoded decode(Envelope envelope, AMQP.BasicProperties properties, byte[] body, int maxBodyBytes) {
        if (body.length > maxBodyBytes) {
            return new Unreadable("a body of " + body.length + " bytes, more than the " + maxBodyBytes + " a message may have");
        }
        try {
            Message message;
            if (declaresText(properties)) {
                String text;
                try {
                    text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
                } catch (CharacterCodingException e) {
                    return new Unreadable("a text message whose body is not UTF-8");
                }
                RMQTextMessage textMessage = new RMQTextMessage();
                textMessage.setText(text);
                message = textMessage;
            } else {
                RMQBytesMessage bytes = new RMQBytesMessage();
                bytes.writeBytes(body);
                bytes.reset(); // from writing to reading
                message = bytes;
            }
            message.setJMSRedelivered(envelope.isRedeliver());
            if (properties.getMessageId() != null) {
                message.setJMSMessageID(properties.getMessageId());
            }
            if (properties.getCorrelationId() != null) {
                message.setJMSCorrelationID(properties.getCorrelationId());
            }
            if (properties.getTimestamp() != null) {
                message.setJMSTimestamp(properties.getTimestamp().getTime());
            }
            return new Readable(message);
        } catch (JMSException | RuntimeException e) {
            return new Unreadable("a message the adapter cannot decode: " + QueueActivation.describe(e));
        }
    }

    /** The type shown in logs and dead-letter headers: what the sender said the message is. */
    static String typeOf(AMQP.BasicProperties properties) {
        return declaresText(properties) ? TEXT_MESSAGE : "BytesMessage";
    }

    private static boolean declaresText(AMQP.BasicProperties properties) {
        Map<String, Object> headers = properties.getHeaders();
        Object type = headers == null ? null : headers.get(JMS_TYPE);
        if (type != null) {
            return TEXT_MESSAGE.equals(type.toString());
        }
        String contentType = properties.getContentType();
        return contentType != null && contentType.startsWith("text/");
    }
}
