package io.metaingest.connectors.microstrategy;

import io.metaingest.runtime.Metaingest;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A child process for {@link StopTest}: runs one workflow file through the runtime, discovering the
 * connector on the class path by its marker, as the CLI does.
 */
public final class IngestMain {

    private IngestMain() {
    }

    /** {@code args}: the workflow file and the report file. */
    public static void main(String[] args) throws Exception {
        Metaingest.discover(null).ingest(Path.of(args[0]), Optional.of(Path.of(args[1])), System.out, false);
    }
}
