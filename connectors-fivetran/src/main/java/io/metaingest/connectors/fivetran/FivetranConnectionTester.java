package io.metaingest.connectors.fivetran;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionTester;
import io.metaingest.connectors.fivetran.api.FivetranGroup;
import io.metaingest.toolkit.CursorPage;
import io.metaingest.toolkit.VendorApiException;
import jakarta.inject.Inject;
import java.util.List;

/** Checks a Fivetran connection by listing one page of groups, the first call of every run. */
public class FivetranConnectionTester implements ConnectionTester {

    private final FivetranClient client;

    /** Creates the tester. */
    @Inject
    public FivetranConnectionTester(FivetranClient client) {
        this.client = client;
    }

    @Override
    public List<String> test() throws ConnectionException {
        try {
            CursorPage<FivetranGroup> page = client.groupsPage(null);
            return List.of("listed " + page.items().size() + " group(s)" + (page.hasNext() ? " (more pages follow)" : ""));
        } catch (VendorApiException e) {
            throw client.asConnectionException(e);
        }
    }
}
