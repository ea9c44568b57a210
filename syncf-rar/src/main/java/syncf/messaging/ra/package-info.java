/**
 * SyncF's own inbound-only JCA 2.1 resource adapter: it feeds message-driven beans
 * ({@code jakarta.jms.MessageListener}) from RabbitMQ queues through the RabbitMQ JMS client.
 *
 * <p>Why it exists: Payara ships no AMQP resource adapter (its Cloud Connectors cover Kafka, SQS,
 * MQTT and Azure Service Bus only), and the generic JMS resource adapters (GlassFish genericra,
 * JBoss generic-jms-ra) consume through {@code Connection.createConnectionConsumer}, the optional
 * application-server facilities of JMS, which the RabbitMQ JMS client does not implement. So one
 * activation per bean opens an AMQP connection with {@code maxSessions} channels, each with a
 * consumer that calls the endpoint; the supervisor reconnects with capped exponential backoff when
 * the broker is not there yet or goes away. The adapter decodes each delivery itself (plain UTF-8
 * text, or bytes) into a JMS message, rather than through the JMS client's consumer, which threw on
 * messages it had not serialized and so closed the channel (docs/adr/0014).
 *
 * <p>Delivery is at-least-once: a message is acknowledged only after {@code onMessage} and
 * {@code afterDelivery} succeed, and given back to the queue on any failure, so the broker delivers
 * it again; a broken connection requeues whatever was unacknowledged. There is no XA (RabbitMQ has
 * none), so a bean's transaction is local and beans must be idempotent. A message the bean cannot
 * read ({@code MessageFormatRuntimeException}) is tried {@code maxDeliveries} times, then moved to
 * the dead-letter queue {@code DESTINATION.dead}; the adapter counts deliveries itself, since
 * classic queues do not. Only durable queues are supported; message selectors are not.
 */
package syncf.messaging.ra;
