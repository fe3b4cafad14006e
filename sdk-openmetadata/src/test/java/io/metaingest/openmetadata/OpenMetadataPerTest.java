package io.metaingest.openmetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The local OpenMetadata stand-in of one test, as a {@code @RegisterExtension} instance field: started with the test's
 * instance (JUnit makes one per test), closed after the test. Apart from {@link OpenMetadataStandIn}, which
 * the benchmarks use outside JUnit.
 */
public final class OpenMetadataPerTest implements AfterEachCallback {

    private final OpenMetadataStandIn server;

    /** Starts a stand-in that accepts {@code token}. */
    public OpenMetadataPerTest(String token) {
        try {
            server = new OpenMetadataStandIn(token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stand-in. */
    public OpenMetadataStandIn server() {
        return server;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.close();
    }
}
