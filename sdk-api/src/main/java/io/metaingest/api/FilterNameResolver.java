package io.metaingest.api;

import java.util.Map;

/**
 * Maps the former names of a connector's entities to their current names by asking the service,
 * for {@code metaingest migrate --resolve} (see {@link RenamedFilterNames}). Created by the runtime's
 * injector like a {@link ConnectionTester}: give it one {@code @jakarta.inject.Inject} constructor.
 */
public interface FilterNameResolver {

    /**
     * Each entity's current name, keyed by each of its former names.
     *
     * @throws ConnectionException when the service cannot be reached or refuses the credentials
     */
    Map<String, String> currentNames() throws ConnectionException;
}
