package io.metaingest.openmetadata;

import io.metaingest.api.Secret;
import io.metaingest.api.config.OpenMetadataServerConfig;
import io.metaingest.toolkit.RetryPolicy;
import java.net.http.HttpClient;
import java.time.Duration;

/** How the tests reach a stand-in server as its ingestion bot: the token, one HTTP client, fast retries, the settings. */
final class BotClients {

    static final String TOKEN = "eyJ.bot.token";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The default's shape (several attempts with backoff), its waits short enough for a test. */
    static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(40),
            Duration.ofSeconds(1), Duration.ofSeconds(10));

    private BotClients() {
    }

    /** The server settings a workflow gives for OpenMetadata at {@code hostPort}, signed in with {@code token}. */
    static OpenMetadataServerConfig serverConfig(String hostPort, String token) {
        return new OpenMetadataServerConfig(hostPort, "openmetadata",
                new OpenMetadataServerConfig.SecurityConfig(Secret.of(token)));
    }
}
