package io.metaingest.benchmarks.dbtcloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.Status;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.LineageInformation;
import io.metaingest.api.config.PipelineMetadataConfig;
import io.metaingest.benchmarks.BenchmarkSupport;
import io.metaingest.connectors.dbtcloud.DbtCloudClient;
import io.metaingest.connectors.dbtcloud.DbtCloudConnection;
import io.metaingest.connectors.dbtcloud.DbtCloudFixtures;
import io.metaingest.connectors.dbtcloud.DbtCloudPipelineSource;
import io.metaingest.connectors.dbtcloud.DbtCloudServer;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Wall time of a full dbt Cloud metadata run (pipelines, run statuses, Discovery lineage) over 200
 * jobs in two projects behind the connector's local test server with 20 ms added to every answer:
 * the default parallelism (4 threads) against {@code threads: 1}, measured in the same run.
 *
 * <p>Per job the source makes two calls (runs, Discovery query); the job listing is two pages read
 * on the calling thread. Each request is served on its own server thread, as by a remote API.
 *
 * <p>Run from the repository root (nothing is installed into ~/.m2):
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * mvn -q -o -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/cp.txt) \
 *     io.metaingest.benchmarks.dbtcloud.DbtCloudParallelismBenchmark [jobs] [latencyMs] [threads] [repeats]
 * </pre>
 * (when the reactor's snapshots are not in ~/.m2, put the modules' {@code target/classes} and the
 * connector's {@code target/test-classes} on the class path instead). Defaults: 200 jobs, 20 ms,
 * 4 threads, 3 repeats (the median is reported).
 *
 * <p>Measured on the shared 2-core build machine (load ~16), two runs: threads=1 11.64 s and 10.56 s,
 * threads=4 3.06 s and 2.73 s, 402 requests and 1,494 records each; speed-up 3.80x and 3.87x.
 */
public final class DbtCloudParallelismBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DbtCloudParallelismBenchmark() {
    }

    /** Runs the benchmark and prints wall times and the ratio. */
    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int latencyMs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : DbtCloudConnection.DEFAULT_THREADS;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        BenchmarkSupport.quietLogging();
        HttpClient http = BenchmarkSupport.httpClient();
        try (DbtCloudServer server = new DbtCloudServer(DbtCloudFixtures.ofSize(jobs))) {
            run(server, 2, http); // JIT and connection pool, not measured
            server.latency(Duration.ofMillis(latencyMs));
            double[] serial = new double[repeats];
            double[] parallel = new double[repeats];
            Run s = null;
            Run p = null;
            for (int i = 0; i < repeats; i++) {
                s = run(server, 1, http);
                p = run(server, threads, http);
                serial[i] = s.seconds();
                parallel[i] = p.seconds();
            }
            if (s.records() != p.records()) {
                throw new IllegalStateException("the two runs emitted different record counts");
            }
            double serialMedian = median(serial);
            double parallelMedian = median(parallel);
            System.out.printf("dbt Cloud parallelism benchmark: %d jobs, %d ms per response, median of %d%n",
                    jobs, latencyMs, repeats);
            System.out.printf("  threads=1   %8.2f s  %6d requests  %6d records%n", serialMedian, s.requests(), s.records());
            System.out.printf("  threads=%-3d %8.2f s  %6d requests  %6d records%n", threads, parallelMedian,
                    p.requests(), p.records());
            System.out.printf("  speed-up    %8.2fx%n", serialMedian / parallelMedian);
        }
    }

    private record Run(double seconds, long requests, long records) {
    }

    private static Run run(DbtCloudServer server, int threads, HttpClient http) throws Exception {
        DbtCloudConnection connection = DbtCloudConnection.of(server.host(), server.discoveryApi(),
                DbtCloudFixtures.ACCOUNT, DbtCloudFixtures.TOKEN).withLimits(DbtCloudConnection.DEFAULT_NUMBER_OF_RUNS, threads);
        DbtCloudClient client = new DbtCloudClient(connection, http, JSON);
        PipelineMetadataConfig config = new PipelineMetadataConfig(true, null, null, null,
                new LineageInformation(List.of("warehouse"), null), null, null, null);
        WorkflowContext context = new WorkflowContext("dbt_bench", "dbtcloud", WorkflowKind.METADATA, "bench");
        Status status = new Status();
        long start = System.nanoTime();
        try (DbtCloudPipelineSource source = new DbtCloudPipelineSource(connection, config, context, client);
             Stream<Result<EntityRequest>> results = source.read()) {
            results.forEach(r -> {
                if (status.count(r)) {
                    status.recordOk();
                }
            });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (status.failures() > 0) {
            throw new IllegalStateException("failures: " + status.firstFailures());
        }
        return new Run(seconds, client.requestCount(), status.records());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
