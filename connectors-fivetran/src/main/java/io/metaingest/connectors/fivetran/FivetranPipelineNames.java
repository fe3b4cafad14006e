package io.metaingest.connectors.fivetran;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.FilterNameResolver;
import io.metaingest.api.RenamedFilterNames;
import io.metaingest.connectors.fivetran.api.FivetranConnector;
import io.metaingest.connectors.fivetran.api.FivetranGroup;
import io.metaingest.toolkit.CursorPage;
import io.metaingest.toolkit.VendorApiException;
import jakarta.inject.Inject;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The display name of every pipeline, keyed by its connector id and by its pipeline name
 * ({@code {group_id}_{connector_id}}): what {@code metaingest migrate --resolve} needs to rewrite a
 * 1.5 {@code pipelineFilterPattern}, read with the same client and names as the source.
 */
public class FivetranPipelineNames implements FilterNameResolver {

    /** Why 1.5 patterns stop matching; also the source's warning at run time. */
    static final String DISPLAY_NAMES = "since OpenMetadata 1.6 the Fivetran pipelineFilterPattern matches display"
            + " names (\"{group name} <> {connector schema}\"), not connector ids";

    /** Fivetran ids are lowercase words joined by underscores ({@code speak_inexpensive}); so are pipeline names. */
    static final RenamedFilterNames RENAMED = new RenamedFilterNames("pipelineFilterPattern",
            Pattern.compile("[a-z0-9]+(?:_[a-z0-9]+)+"), DISPLAY_NAMES, FivetranPipelineNames.class);

    private final FivetranClient client;

    /** Creates the resolver on the run's client. */
    @Inject
    public FivetranPipelineNames(FivetranClient client) {
        this.client = client;
    }

    @Override
    public Map<String, String> currentNames() throws ConnectionException {
        Map<String, String> names = new LinkedHashMap<>();
        try {
            CursorPage<FivetranGroup> first = client.groupsPage(null);
            for (Iterator<FivetranGroup> groups = client.groups(first); groups.hasNext(); ) {
                FivetranGroup group = groups.next();
                for (Iterator<FivetranConnector> connectors = client.connectors(group.id()); connectors.hasNext(); ) {
                    FivetranConnector connector = connectors.next();
                    String display = FivetranPipelineSource.displayName(group, connector);
                    names.put(connector.id(), display);
                    names.put(FivetranPipelineSource.pipelineName(connector), display);
                }
            }
        } catch (VendorApiException e) {
            throw client.asConnectionException(e);
        }
        return names;
    }
}
