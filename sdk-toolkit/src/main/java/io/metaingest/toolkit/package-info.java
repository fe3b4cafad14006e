/**
 * What every HTTP connector needs, written once: {@link io.metaingest.toolkit.JsonHttpClient} (JSON over
 * the JDK {@link java.net.http.HttpClient} with retries, a run-wide {@link io.metaingest.toolkit.RateLimitGate}
 * and an {@link io.metaingest.toolkit.Authenticator} hook), paging that cannot loop
 * ({@link io.metaingest.toolkit.CursorPaging}, {@link io.metaingest.toolkit.OffsetPaging}), an ordered and
 * bounded {@link io.metaingest.toolkit.ParallelMap}, and {@link io.metaingest.toolkit.VendorApiException},
 * which keeps the vendor's error code and message and maps connection failures to
 * {@link io.metaingest.api.ConnectionException}.
 *
 * <p>Each plugin carries its own copy of this module in its folder (it is loaded child-first, never
 * shared parent-first), so a connector built against one version keeps working when another plugin
 * or the runtime moves on. That is also why it depends on nothing but {@code sdk-api}, Jackson and
 * the JDK.
 */
package io.metaingest.toolkit;
