package io.metaingest.cli;

import io.metaingest.connectors.fivetran.FivetranFixtures;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs the {@code metaingest} command in-process for the migrate tests, with the connectors on the
 * test class path and a fixed environment for the corpus's {@code ${VAR}}s.
 */
final class MigrateCli {

    /** The variables the corpus files reference. */
    static final Map<String, String> ENV = Map.of(
            "PG_PASSWORD", "pg-Secret-1", "PG_HOST", "localhost",
            "DBT_TOKEN", "dbtc_Secret-2", "DBT_JOB_ID", "70403103936332",
            "MSTR_PASSWORD", "mstr-Secret-3", "MSTR_USER", "ingest",
            "FIVETRAN_API_KEY", FivetranFixtures.API_KEY, "FIVETRAN_API_SECRET", FivetranFixtures.API_SECRET);

    /** What one command printed and returned. */
    record Run(int code, String out, String err) {
    }

    private MigrateCli() {
    }

    /** Discovered once: the corpus runs the command some hundred times. */
    private static final Metaingest RUNTIME = new Metaingest(
            ServiceSpecRegistry.discover(Metaingest.class.getClassLoader(), null), Mappers.standard(),
            Clock.systemUTC(), ENV::get);

    static Run run(String... args) {
        return run(plugins -> RUNTIME, args);
    }

    /** Runs the command with the runtime {@code runtime} makes (other connectors, a failing discovery). */
    static Run run(Function<Path, Metaingest> runtime, String... args) {
        CapturedCli cli = new CapturedCli();
        int code = Main.execute(cli.main(runtime), args);
        return new Run(code, cli.out(), cli.err());
    }
}
