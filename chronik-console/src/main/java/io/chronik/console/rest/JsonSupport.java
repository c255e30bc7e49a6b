package io.chronik.console.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The REST API's JSON mapping: records as objects, {@code Optional}s as their value or {@code null},
 * {@code Instant}s as ISO-8601 strings (the JSR-310 module is found on the class path).
 */
final class JsonSupport {

    private JsonSupport() {
    }

    /** The mapper Javalin uses for every body it writes and reads. */
    static JavalinJackson mapper() {
        SimpleModule optionals = new SimpleModule("chronik-optionals");
        optionals.addSerializer(new OptionalSerializer());
        optionals.addSerializer(new StdSerializer<>(OptionalInt.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(OptionalInt value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                if (value.isPresent()) {
                    gen.writeNumber(value.getAsInt());
                } else {
                    gen.writeNull();
                }
            }
        });
        optionals.addSerializer(new StdSerializer<>(OptionalLong.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(OptionalLong value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                if (value.isPresent()) {
                    gen.writeNumber(value.getAsLong());
                } else {
                    gen.writeNull();
                }
            }
        });
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules().registerModule(optionals)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        return new JavalinJackson(mapper, false);
    }

    /** Writes an {@code Optional} as its value, or {@code null} when empty. */
    @SuppressWarnings("rawtypes")
    private static final class OptionalSerializer extends StdSerializer<Optional> {
        private static final long serialVersionUID = 1L;

        OptionalSerializer() {
            super(Optional.class);
        }

        @Override
        public void serialize(Optional value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.isPresent()) {
                provider.defaultSerializeValue(value.get(), gen);
            } else {
                gen.writeNull();
            }
        }
    }
}
