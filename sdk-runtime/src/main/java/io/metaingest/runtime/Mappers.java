package io.metaingest.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The runtime's ObjectMapper settings, the same everywhere so files and reports are stable. */
public final class Mappers {

    private Mappers() {
    }

    /**
     * A new mapper: nulls omitted, ISO-8601 dates, unknown properties ignored when binding (the
     * schema check has already rejected them with a better message).
     */
    public static ObjectMapper standard() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
