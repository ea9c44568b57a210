package syncf.api.boundary;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/** The API's JSON: snake_case names (the seed's contract), nulls shown rather than left out. */
@Provider
public class SnakeCaseJson implements ContextResolver<Jsonb> {

    private final Jsonb jsonb = create();

    /** The API's JSON-B, for JSON written outside a JAX-RS answer (the event streams' data). */
    public static Jsonb create() {
        return JsonbBuilder.create(new JsonbConfig()
                .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
                .withNullValues(true));
    }

    @Override
    public Jsonb getContext(Class<?> type) {
        return jsonb;
    }
}
