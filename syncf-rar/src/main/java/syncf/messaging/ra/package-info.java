/**
 * SyncF's own inbound-only JCA 2.1 resource adapter: it feeds message-driven beans
 * ({@code jakarta.jms.MessageListener}) from RabbitMQ queues through the RabbitMQ JMS client.
 *
 * <p>Why it exists: Payara ships no AMQP resource adapter (its Cloud Connectors cover Kafka, SQS,
 * MQTT and Azure Service Bus only), and the generic JMS resource adapters (GlassFish genericra,
 * JBoss generic-jms-ra) consume through {@code Connection.createConnectionConsumer}, the optional
 * application-server facilities of JMS, which the RabbitMQ JMS client does not implement. So one
 * activation per bean opens a connection with {@code maxSessions} CLIENT_ACKNOWLEDGE sessions and
 * calls the endpoint from each session's {@code MessageListener}; the supervisor reconnects with
 * capped exponential backoff when the broker is not there yet or goes away.
 *
 * <p>Delivery is at-least-once: a message is acknowledged only after {@code onMessage} and
 * {@code afterDelivery} succeed, and the session is recovered on any failure, so the broker delivers
 * the message again; a broken connection requeues whatever was unacknowledged. There is no XA
 * (RabbitMQ has none), so a bean's transaction is local and beans must be idempotent.
 * {@code JMSXDeliveryCount} is unreliable with this client (it stops at 2), so counting attempts and
 * giving up on a poison message is the application's job. Only durable JMS queues are supported;
 * message selectors are not (the client cannot do them on queues).
 */
package syncf.messaging.ra;
