/**
 * What every HTTP connector needs, written once: {@link io.metaingest.toolkit.JsonHttpClient} (JSON over
 * the JDK {@link java.net.http.HttpClient} with retries, a run-wide {@link io.metaingest.toolkit.RateLimitGate}
 * and an {@link io.metaingest.toolkit.Authenticator} hook), paging that cannot loop
 * ({@link io.metaingest.toolkit.CursorPaging}, {@link io.metaingest.toolkit.OffsetPaging}), an ordered and
 * bounded {@link io.metaingest.toolkit.ParallelMap}, and {@link io.metaingest.toolkit.VendorApiException},
 * which keeps the vendor's error code and message and maps connection failures to
 * {@link io.metaingest.api.ConnectionException}.
 *
 * <p>A connector's client, in short:
 * <pre>{@code
 * JsonHttpClient http = JsonHttpClient.builder(httpClient, mapper, URI.create("https://api.example.com/v1"))
 *         .authenticator(Authenticator.header("Authorization", "Token ", connection.token()))
 *         .build();
 * Stream<Job> jobs = OffsetPaging.stream("GET /v1/jobs", 100, (offset, limit) -> {
 *     JsonNode body = http.send(ApiRequest.get("/jobs").withQuery("offset", offset).withQuery("limit", limit)).body();
 *     JsonNode total = body.at("/extra/pagination/total_count");
 *     return OffsetPage.of(toJobs(body.path("data")), total.isNumber() ? total.asLong() : null); // null: unknown
 * });
 * try (Stream<Outcome<Job, Details>> details = ParallelMap.ordered(jobs.iterator(), 4, "example", this::details)) {
 *     details.forEach(outcome -> ...); // a failed item is outcome.failure(), the others go on
 * } catch (VendorApiException e) {
 *     throw e.toConnectionException(HINTS); // on the first call: 401, 403, 404, unreachable
 * }
 * }</pre>
 *
 * <p>Each plugin carries its own copy of this module in its folder (it is loaded child-first, never
 * shared parent-first), so a connector built against one version keeps working when another plugin
 * or the runtime moves on. That is also why it depends on nothing but {@code sdk-api}, Jackson and
 * the JDK.
 */
package io.metaingest.toolkit;
