package io.metaingest.openmetadata;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

/**
 * The mapper request bodies are built and written with, so that numbers reach the server as the
 * {@code file} sink writes them ({@code 10}, {@code 210}, {@code 12.50}). A plain mapper's trees strip a
 * decimal's trailing zeros ({@code 210} becomes {@code 2.1E+2}, {@code 10} {@code 1E+1}); OpenMetadata keeps
 * sample data untyped, so such a value came back as {@code 210.0} and a decimal lost its scale.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    /** A copy of {@code mapper} whose trees keep decimals exactly and that writes them without an exponent. */
    static ObjectMapper mapper(ObjectMapper mapper) {
        return mapper.copy()
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    }
}
