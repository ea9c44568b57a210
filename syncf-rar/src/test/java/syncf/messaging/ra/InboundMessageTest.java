package syncf.messaging.ra;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import jakarta.jms.BytesMessage;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.TextMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundMessageTest {

    private static final Envelope REDELIVERED = new Envelope(7, true, "", "q");

    @Test
    void aBodyMarkedTextIsATextMessage() throws Exception {
        AMQP.BasicProperties text = new AMQP.BasicProperties.Builder().headers(Map.of("JMSType", "TextMessage"))
                .messageId("m-1").build();
        var decoded = (InboundMessage.Readable) InboundMessage.decode(REDELIVERED, text, "ids\nmore".getBytes(UTF_8), 100);
        TextMessage message = assertInstanceOf(TextMessage.class, decoded.message());
        assertEquals("ids\nmore", message.getText());
        assertTrue(message.getJMSRedelivered());
        assertEquals("m-1", message.getJMSMessageID());
    }

    @Test
    void aTextContentTypeIsTextToo() throws Exception {
        AMQP.BasicProperties text = new AMQP.BasicProperties.Builder().contentType("text/plain").build();
        var decoded = (InboundMessage.Readable) InboundMessage.decode(REDELIVERED, text, "é".getBytes(UTF_8), 100);
        assertEquals("é", ((TextMessage) decoded.message()).getText());
    }

    @Test
    void anythingElseIsABytesMessageWithTheBytesAsTheyCame() throws Exception {
        byte[] body = {0, 1, (byte) 0xff};
        var decoded = (InboundMessage.Readable) InboundMessage.decode(REDELIVERED, new AMQP.BasicProperties(), body, 100);
        BytesMessage message = assertInstanceOf(BytesMessage.class, decoded.message());
        byte[] read = new byte[3];
        assertEquals(3, message.readBytes(read));
        assertEquals(java.util.Arrays.toString(body), java.util.Arrays.toString(read));
    }

    @Test
    void textThatIsNotUtf8AndOversizedBodiesAreUnreadable() {
        AMQP.BasicProperties text = new AMQP.BasicProperties.Builder().headers(Map.of("JMSType", "TextMessage")).build();
        assertEquals(new InboundMessage.Unreadable("a text message whose body is not UTF-8"),
                InboundMessage.decode(REDELIVERED, text, new byte[] {(byte) 0xc3}, 100));
        assertEquals(new InboundMessage.Unreadable("a body of 101 bytes, more than the 100 a message may have"),
                InboundMessage.decode(REDELIVERED, text, new byte[101], 100));
    }

    @Test
    void findsTheBeansVerdictUnderTheContainersWrapping() {
        Exception wrapped = new RuntimeException("EJB system exception",
                new IllegalStateException(new MessageFormatRuntimeException("line 2 is not a task id")));
        assertEquals("line 2 is not a task id", QueueActivation.unreadableBecause(wrapped));
        assertEquals(null, QueueActivation.unreadableBecause(new IllegalStateException("the database is away")));
    }
}
