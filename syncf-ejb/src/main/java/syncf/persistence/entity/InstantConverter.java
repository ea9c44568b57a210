package syncf.persistence.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;

/**
 * Stores an {@link Instant} as epoch milliseconds. EclipseLink 4 does not map Instant as a
 * basic type (it would serialize it into a BLOB), and a BIGINT reads the same on SQLite and
 * PostgreSQL. Millisecond precision is what the API shows anyway.
 */
@Converter(autoApply = true)
public class InstantConverter implements AttributeConverter<Instant, Long> {

    @Override
    public Long convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    @Override
    public Instant convertToEntityAttribute(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
