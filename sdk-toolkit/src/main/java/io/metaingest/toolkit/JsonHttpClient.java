package io.metaingest.toolkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.metaingest.api.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON over the JDK {@link HttpClient} (the run provides it) for one vendor API, with the retries
 * every connector needs:
 * <ul>
 *   <li>429, and 503 with {@code Retry-After}: waits for {@code Retry-After} (seconds or an HTTP date;
 *       backoff when absent) and closes the shared {@link RateLimitGate} meanwhile, so no other worker
 *       sends into the limit; a {@code Retry-After} longer than {@link RetryPolicy#maxRetryAfter()}
 *       fails the call at once, naming the wait asked for and the host, instead of pausing every
 *       worker that long, and every later call of the client until that wait has passed fails unsent with
 *       that answer as its cause;</li>
 *   <li>5xx, connection resets and closes and timeouts: capped exponential backoff with jitter (a request
 *       unanswered for the whole {@link RetryPolicy#requestTimeout()} is sent {@value #MAX_TIMEOUTS}
 *       times at most, and once only before the service has answered: a host that accepts the
 *       connection and never answers is reported after one timeout, as {@link VendorApiException.Kind#TIMEOUT})
 *       ({@link RetryPolicy#backoff(int)});</li>
 *   <li>at most {@link RetryPolicy#maxAttempts()} attempts, and no retry that would take the call past
 *       {@link RetryPolicy#maxCallTime()} (request times and waits added up), then the last error;</li>
 *   <li>a refused connection: thrown at once until the service has answered once (a wrong host is
 *       reported without delay), retried like a reset after that (a restart of the service is ridden
 *       out);</li>
 *   <li>other 4xx and an unknown host: thrown at once;</li>
 *   <li>a connection closed or reset without an answer is worded by {@link NetworkFailures}; while the
 *       service has never answered, it is retried once only ({@value #MAX_ATTEMPTS_BEFORE_AN_ANSWER}
 *       attempts: one reset is ridden out, a host that closes every connection is reported at once) and
 *       then is {@link VendorApiException.Kind#UNREACHABLE}; after that, it is retried like a 5xx and
 *       then is {@link VendorApiException.Kind#NETWORK};</li>
 *   <li>a host that refused the connection (or let it time out, or stopped resolving) for all of one
 *       call's retries is given up for the client's life: every later and queued call throws
 *       {@link VendorApiException.Kind#UNAVAILABLE} with that cause without a request, so a server that
 *       died mid-run costs one call's retries, not the full retries per remaining call;</li>
 *   <li>with {@link Builder#giveUpAfter(int)} besides: once a call failed for good on the service's side
 *       (refused, timed out, reset, 5xx), later calls get one attempt each until one is answered; when
 *       the given number of calls in a row failed, the service is given up likewise;</li>
 *   <li>a 401 that is no session expiry (a session API's login refused, any 401 of a token or key API):
 *       the credentials are taken for refused for the client's life ({@link #refusedCredentials()}): no
 *       later call is sent; so is a 403 that the connector's {@link ForbiddenRule} takes for it;</li>
 *   <li>an expired session ({@link Authenticator#sessionExpired(ApiResponse)}): renewed once and sent
 *       again.</li>
 * </ul>
 * Errors are {@link VendorApiException}s naming the endpoint (never the query string) with the
 * vendor's code and message read by a {@link VendorError.Reader}; the authenticator's secrets are
 * removed from every message.
 *
 * <p>Every method is retried alike, POST included: the POSTs of metadata connectors are reads
 * (searches, GraphQL queries, logins).
 *
 * <p>At DEBUG, each attempt is logged in one line when its response or failure arrives: method, URL,
 * status (or the failure's type), bytes received, milliseconds and attempt number, e.g.
 * {@code HTTP GET https://api.example.com/v1/jobs?api_key=******&limit=100 -> 200, 5120 bytes, 83 ms (attempt 1)}.
 * Headers and bodies are never logged (they carry tokens obtained at run time, which the run's log
 * masking does not know); the value of each query parameter whose name reads like a credential
 * ({@link Secret#isCredentialName}, and API keys, signatures, sessions) is replaced by {@code ******}, as are the authenticator's secrets and
 * the values of its current headers wherever else they would appear in the URL, and user info in the
 * base URI is left out. Nothing of this is built when DEBUG is off.
 *
 * <p>Thread-safe; make one per run and share it between workers, so they share the gate too.
 */
public final class JsonHttpClient {

    private static final Logger LOG = LoggerFactory.getLogger(JsonHttpClient.class);

    /**
     * Besides the names {@link Secret#isCredentialName} takes for a credential's, the usual spellings of
     * API keys, signatures and sessions in query strings ({@code api_key}, {@code apikey},
     * {@code access_key}, {@code sig}, {@code auth}, {@code session}): their values the debug log
     * replaces. A name matched by mistake costs a masked value in a debug line, nothing more.
     */
    private static final java.util.regex.Pattern HTTP_CREDENTIAL_PARAMETER = java.util.regex.Pattern.compile(
            "(?i).*(key|sig|auth|session|cookie).*");

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final URI base;
    private final String basePath;
    /** How calls are named: with the base's path ({@link #basePath}), or empty ({@link Builder#namesCallsUnderBase()}). */
    private final String namedPath;
    private final String host;
    /** The base as the debug log shows it: scheme, host, port and path, never user info. */
    private final String logBase;
    private final Authenticator authenticator;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Clock clock;
    private final RateLimitGate gate;
    private final VendorError.Reader errorReader;
    private final ForbiddenRule forbiddenRule;
    private final Map<String, String> defaultHeaders;
    private final AtomicLong requests = new AtomicLong();
    /**
     * Whether the service is given up. Always there: a host refused for a whole call's retries is given
     * up whatever the settings; {@link Builder#giveUpAfter} adds the count of calls in a row.
     */
    private final Breaker breaker;
    /** Whether calls get one attempt each after one failed for good ({@link Builder#giveUpAfter} given). */
    private final boolean degradeAfterFailure;
    /** Whether the service has answered once: a refusal after that is a restart, not a wrong host. */
    private final java.util.concurrent.atomic.AtomicBoolean reached = new java.util.concurrent.atomic.AtomicBoolean();
    /** Whether the service has answered JSON once: a page that is not JSON before that is the address's fault. */
    private final java.util.concurrent.atomic.AtomicBoolean answeredJson = new java.util.concurrent.atomic.AtomicBoolean();
    /**
     * The answer whose {@code Retry-After} was longer than the policy waits, and when that wait ends, or null: a call
     * before then is not sent, as the service said it would refuse it.
     */
    private final java.util.concurrent.atomic.AtomicReference<Hold> held = new java.util.concurrent.atomic.AtomicReference<>();

    private record Hold(java.time.Instant until, VendorApiException answer) {
    }

    /** The first call the service refused the credentials of (401, or a 403 its rule takes for it), or null: no call is sent after it. */
    private final java.util.concurrent.atomic.AtomicReference<VendorApiException> refused =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** How messages name the API, e.g. {@code the Fivetran API}; null until {@link Builder#vendor} is given. */
    private final String apiName;
    /** The workflow setting that holds the API's address, e.g. {@code source.serviceConnection.config.hostPort}, or null. */
    private final String hostSetting;
    /**
     * When the address was written without a scheme and https assumed ({@link Builder#addressAsWritten}), what a failure
     * that a plain-HTTP server causes before any answer adds: that https was assumed, and how to write http://; else empty.
     */
    private final String assumedHttps;

    private JsonHttpClient(Builder b) {
        this.http = b.http;
        this.mapper = b.mapper;
        this.base = URI.create(BaseUrl.withoutTrailingSlashes(b.base.toString()));
        this.basePath = base.getRawPath() == null ? "" : base.getRawPath();
        this.namedPath = b.namesCallsUnderBase ? "" : basePath;
        String authority = base.getRawAuthority();
        // Without user:password@, which an address may carry: the host is named in every failure line.
        this.host = base.getScheme() + "://" + authority.substring(authority.lastIndexOf('@') + 1);
        this.logBase = host + basePath;
        this.authenticator = b.authenticator;
        this.policy = b.policy;
        this.sleeper = b.sleeper;
        this.clock = b.clock;
        this.gate = b.gate != null ? b.gate : new RateLimitGate(b.sleeper);
        this.errorReader = b.errorReader;
        this.forbiddenRule = b.forbiddenRule;
        this.defaultHeaders = Map.copyOf(b.defaultHeaders);
        this.breaker = new Breaker(b.giveUpAfter > 0 ? b.giveUpAfter : Integer.MAX_VALUE);
        this.degradeAfterFailure = b.giveUpAfter > 0;
        this.apiName = b.vendor == null ? null : "the " + b.vendor + " API";
        this.hostSetting = b.hostSetting;
        this.assumedHttps = b.writtenAddress == null || BaseUrl.namesScheme(b.writtenAddress) ? ""
                : "; https:// was assumed, as " + (b.hostSetting == null ? "the address" : b.hostSetting)
                        + " names no scheme: write http://" + ConfiguredValue.shown(withoutUserInfo(
                                BaseUrl.withoutTrailingSlashes(b.writtenAddress.strip())))
                        + " if the server speaks plain HTTP";
    }

    /** {@code address} without {@code user:password@} before its host: a credential never goes into a message. */
    private static String withoutUserInfo(String address) {
        int path = address.indexOf('/');
        int at = address.lastIndexOf('@', path < 0 ? address.length() - 1 : path);
        return address.substring(at + 1);
    }

    /**
     * Starts a client for the API under {@code base} (e.g. {@code https://api.fivetran.com/v1}).
     *
     * @param http the run's HTTP client
     * @param mapper the run's object mapper
     * @param base the API's base URI; request paths are appended to it
     */
    public static Builder builder(HttpClient http, ObjectMapper mapper, URI base) {
        return new Builder(http, mapper, base);
    }

    /** The base URI, without a trailing slash. */
    public URI base() {
        return base;
    }

    /** The rate-limit gate this client's workers share. */
    public RateLimitGate gate() {
        return gate;
    }

    /** The retry settings. */
    public RetryPolicy policy() {
        return policy;
    }

    /** HTTP requests sent so far, retries included. */
    public long requestCount() {
        return requests.get();
    }

    /**
     * The call whose credentials the service refused (HTTP 401; for a session-based API, the 401 of the
     * login, not a session expiry, which is renewed), or empty: from then on no call is sent, each throws
     * at once with the same status and vendor error. A 403 is taken for it only as the connector's
     * {@link Builder#forbiddenRefusesCredentials(ForbiddenRule) rule} says (a 403 on the account's listing,
     * or one saying the token is invalid): vendors answer a bad key, token or login with 401 and mostly
     * use 403 for a missing permission on one object.
     * {@link RefusedCredentials} ends a source's stream on it.
     */
    public Optional<VendorApiException> refusedCredentials() {
        return Optional.ofNullable(refused.get());
    }

    /**
     * How {@code request} is named in messages and log lines: method, base path and path, e.g. {@code GET /v1/groups};
     * without the base path with {@link Builder#namesCallsUnderBase()}. A very long segment (a configured name) is
     * shortened to its start and its length ({@link ConfiguredValue#inPath(String)}).
     */
    public String endpoint(ApiRequest request) {
        return request.method() + " " + ConfiguredValue.inPath(namedPath + request.path());
    }

    /** {@code GET path} and its JSON body. */
    public JsonNode get(String path) {
        return send(ApiRequest.get(path)).body();
    }

    /** Sends {@code request} and returns its body bound to {@code type}. */
    public <T> T send(ApiRequest request, Class<T> type) {
        return convert(request, send(request).body(), type);
    }

    /** Binds {@code node}, a part of the answer to {@code request}, to {@code type}; a mismatch is {@code MALFORMED}. */
    public <T> T convert(ApiRequest request, JsonNode node, Class<T> type) {
        return convert(request, node, mapper.constructType(type));
    }

    /** Binds {@code node}, a part of the answer to {@code request}, to {@code type}; a mismatch is {@code MALFORMED}. */
    public <T> T convert(ApiRequest request, JsonNode node, JavaType type) {
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw VendorApiException.malformed(endpoint(request), "unexpected JSON (" + scrub(jsonProblem(e)) + ")", e);
        }
    }

    /**
     * Sends {@code request} with retries and returns the successful (2xx) response.
     *
     * @throws VendorApiException when the call fails for good
     */
    public ApiResponse send(ApiRequest request) {
        String endpoint = endpoint(request);
        HttpRequest.BodyPublisher publisher = publisher(request, endpoint);
        VendorApiException refusal = refused.get();
        if (refusal != null) {
            // A revoked token is refused by every call: sending more only adds failures and load.
            throw VendorApiException.notSent(endpoint, refusal);
        }
        if (breaker.gaveUp() != null) {
            throw unavailable(endpoint, breaker.gaveUp(), null);
        }
        Hold hold = held.get();
        if (hold != null && clock.instant().isBefore(hold.until())) {
            // Sending before the wait the service asked for has passed only adds refusals and load.
            throw VendorApiException.heldBack(endpoint, hold.answer(), hold.until());
        }
        // A service that failed the last call for good gets one attempt per call until it answers.
        boolean degraded = degradeAfterFailure && breaker.degraded();
        int maxAttempts = degraded ? 1 : policy.maxAttempts();
        int maxTimeouts = degraded ? 1 : MAX_TIMEOUTS;
        boolean renewed = false;
        // Whether an attempt may have been applied without its answer arriving (see ApiResponse).
        boolean unknownOutcome = false;
        int attempt = 0;
        int timeouts = 0;
        // What the call has taken: request times as measured, waits as asked (a test's Sleeper spends none).
        CallTime spent = new CallTime(policy.maxCallTime());
        while (true) {
            attempt++;
            awaitGate(endpoint);
            Map<String, String> auth = request.authenticated() ? authenticator.headers() : Map.of();
            HttpResponse<byte[]> raw;
            long sent = System.nanoTime();
            try {
                requests.incrementAndGet();
                raw = exchange(request, build(request, publisher, auth), auth, attempt);
            } catch (ConnectException | HttpConnectTimeoutException e) {
                // A ConnectException's own words, when it has any (most have none), are more precise than "refused".
                String why = NetworkFailures.unreachable(e).filter(reason -> !reason.equals("connection refused")
                        || e.getMessage() == null || e.getMessage().isBlank()).orElseGet(() -> scrub(e.getMessage()));
                spent.add(sent);
                // The JDK counts the TLS handshake in the connection: a plain-HTTP server that waits for a request
                // lets an https connection time out.
                boolean timedOut = e instanceof HttpConnectTimeoutException || e.getCause() instanceof HttpConnectTimeoutException;
                VendorApiException refused = new VendorApiException(VendorApiException.Kind.UNREACHABLE, endpoint, host,
                        0, VendorError.NONE, endpoint + ": cannot connect to " + host + " (" + why + ")"
                        + (attempt > 1 ? " (after " + attempt + " attempts)" : "")
                        + (timedOut && !reached.get() ? assumedHttps : ""), e);
                // Before the service answered once, retrying only delays the report of a wrong host.
                if (!reached.get()) {
                    throw refused;
                }
                if (attempt >= maxAttempts) {
                    throw failedForGood(refused, true);
                }
                backOff(endpoint, attempt, maxAttempts - 1, "connection refused", spent, refused, true);
                continue;
            } catch (HttpTimeoutException e) {
                spent.add(sent);
                String within = RetryPolicy.describe(policy.requestTimeout());
                // Before the service answered once, a host that takes the connection and says nothing is the
                // address's fault (a port that does not speak HTTP, a dead proxy): retrying only delays the report.
                if (!reached.get()) {
                    throw failedForGood(new VendorApiException(VendorApiException.Kind.TIMEOUT, endpoint, host, 0,
                            VendorError.NONE, endpoint + ": timed out: " + host + " accepted the connection but did not"
                                    + " answer within " + within + assumedHttps, e), false);
                }
                // A server that let a request go unanswered twice for the whole timeout is not about to
                // answer: more attempts would only hold the run (or test-connection) for minutes.
                VendorApiException timedOut = new VendorApiException(VendorApiException.Kind.TIMEOUT, endpoint, host, 0,
                        VendorError.NONE, endpoint + ": timed out, no answer within " + within + ", " + (timeouts + 1)
                        + (timeouts == 0 ? " time" : " times") + "; check " + host + " answers", e);
                if (++timeouts >= maxTimeouts || attempt >= maxAttempts) {
                    throw failedForGood(timedOut, false);
                }
                unknownOutcome = true;
                // Timeouts have a bound of their own: the log names the retries left should each time out too.
                int retries = Math.min(maxAttempts, attempt + maxTimeouts - timeouts) - 1;
                backOff(endpoint, attempt, retries, "timed out after " + within, spent, timedOut);
                continue;
            } catch (SSLException e) {
                // Before the service answered once, a failed handshake is the address's, not the moment's:
                // a plain HTTP port given as https://, or a certificate this JVM does not trust.
                if (!reached.get()) {
                    throw new VendorApiException(VendorApiException.Kind.UNREACHABLE, endpoint, host, 0, VendorError.NONE,
                            endpoint + ": TLS handshake with " + host + " failed (" + scrub(String.valueOf(e)) + ")"
                                    + (assumedHttps.isEmpty() ? ": a port that speaks plain HTTP is given as http://"
                                            : assumedHttps) + ", and a TLS port's certificate must be trusted by this JVM", e);
                }
                unknownOutcome = true;
                spent.add(sent);
                retryOrThrow(endpoint, attempt, maxAttempts, scrub(NetworkFailures.describe(e)), e, spent);
                continue;
            } catch (IOException e) {
                unknownOutcome = true;
                spent.add(sent);
                retryOrThrow(endpoint, attempt, maxAttempts, scrub(NetworkFailures.describe(e)), e, spent);
                continue;
            } catch (InterruptedException e) {
                throw interrupted(endpoint, e);
            }
            spent.add(sent);
            reached.set(true);
            if (raw.statusCode() < 500) {
                breaker.answered();
            }
            ApiResponse response = response(endpoint, raw);
            if (response.isSuccess()) {
                return response.afterUnknownOutcome(unknownOutcome);
            }
            if (request.authenticated() && !renewed && authenticator.sessionExpired(response)) {
                LOG.info("{}: session expired (HTTP {}); renewing it and sending again", endpoint, response.status());
                renewed = true;
                authenticator.renew(auth);
                attempt--; // the renewal is not a failed attempt
                continue;
            }
            int status = response.status();
            Optional<Duration> retryAfter = status == 429 || status == 503 ? retryAfter(response) : Optional.empty();
            if (status == 429 || retryAfter.isPresent()) {
                VendorApiException error = error(response, attempt);
                if (retryAfter.isPresent() && !policy.waitsFor(retryAfter.get())) {
                    // Waiting would hold every worker (the gate is shared) for as long as the server asks.
                    VendorApiException tooLong = tooLongAWait(error, retryAfter.get());
                    Hold until = new Hold(clock.instant().plus(retryAfter.get()), tooLong);
                    held.accumulateAndGet(until, (was, now) -> was == null || now.until().isAfter(was.until()) ? now : was);
                    throw tooLong;
                }
                Duration wait = retryAfter.isPresent() ? retryAfter.get() : policy.backoff(attempt);
                if (attempt >= policy.maxAttempts()) {
                    throw status == 429 ? rateLimited(error) : error;
                }
                if (spent.exceededBy(wait)) {
                    throw status == 429 ? rateLimited(spent.over(error)) : spent.over(error);
                }
                LOG.warn("{}: HTTP {}, {} asks to slow down; all workers pause {} ms (retry {} of {})", endpoint,
                        status, apiName == null ? "the server" : apiName, wait.toMillis(), attempt, policy.maxAttempts() - 1);
                try {
                    spent.waited(wait);
                    gate.pause(wait);
                } catch (InterruptedException e) {
                    throw interrupted(endpoint, e);
                }
            } else if (status >= 500) {
                VendorApiException error = error(response, attempt);
                if (attempt >= maxAttempts) {
                    throw failedForGood(serviceFailing(response, attempt), false);
                }
                unknownOutcome = true;
                backOff(endpoint, attempt, maxAttempts - 1, "HTTP " + status, spent, error);
            } else {
                VendorApiException error = error(response, attempt);
                // A session refused again right after a renewal that succeeded is that call's (an object the
                // session may not open), not the credentials': a revoked login fails the renewal itself.
                if (status == 401 && !(request.authenticated() && authenticator.sessionExpired(response))) {
                    refused.compareAndSet(null, error);
                } else if (status == 403 && forbiddenRule.refusesCredentials(request, error.vendorError())) {
                    refused.compareAndSet(null, error);
                }
                throw error;
            }
        }
    }

    // ---------------------------------------------------------------- one attempt

    private HttpRequest.BodyPublisher publisher(ApiRequest request, String endpoint) {
        if (request.body() == null) {
            return HttpRequest.BodyPublishers.noBody();
        }
        try {
            return HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(request.body()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(endpoint + ": body cannot be written as JSON", e);
        }
    }

    /** Sends one attempt; at DEBUG, logs it when its response or failure arrives (see the class comment). */
    private HttpResponse<byte[]> exchange(ApiRequest request, HttpRequest built, Map<String, String> auth, int attempt)
            throws IOException, InterruptedException {
        if (!LOG.isDebugEnabled()) {
            return http.send(built, HttpResponse.BodyHandlers.ofByteArray());
        }
        long start = System.nanoTime();
        HttpResponse<byte[]> raw;
        try {
            raw = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException | RuntimeException e) {
            // The type only: a message may quote the URL, a header or a body.
            LOG.debug("HTTP {} {} -> no response ({}), {} ms (attempt {})", request.method(), logUrl(request, auth),
                    e.getClass().getSimpleName(), millisSince(start), attempt);
            throw e;
        }
        LOG.debug("HTTP {} {} -> {}, {} bytes, {} ms (attempt {})", request.method(), logUrl(request, auth),
                raw.statusCode(), raw.body() == null ? 0 : raw.body().length, millisSince(start), attempt);
        return raw;
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /**
     * The URL of {@code request} as the debug log shows it: as sent, but without user info, with the
     * values of credential-like query parameters replaced, and with the authenticator's secrets and
     * the values of its headers (whole, and the last word, as in {@code Bearer <token>}) replaced
     * wherever else they occur, as is and URL-encoded.
     */
    private String logUrl(ApiRequest request, Map<String, String> auth) {
        StringBuilder url = new StringBuilder(logBase).append(request.path());
        char separator = '?';
        for (Map.Entry<String, String> parameter : request.query()) {
            url.append(separator).append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(isCredentialParameter(parameter.getKey()) ? Secret.MASK
                            : URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        String out = url.toString();
        for (String secret : authenticator.secrets()) {
            out = hide(out, secret, 1);
        }
        for (String value : auth.values()) {
            if (value != null) {
                String word = value.strip();
                out = hide(hide(out, value, 4), word.substring(word.lastIndexOf(' ') + 1), 4);
            }
        }
        return out;
    }

    static boolean isCredentialParameter(String name) {
        return Secret.isCredentialName(name) || HTTP_CREDENTIAL_PARAMETER.matcher(name).matches();
    }

    /**
     * {@code text} without {@code secret}, as is and URL-encoded (both ways of writing a space); a value
     * shorter than {@code minLength} is left (a header's short value would garble the URL, not hide a token).
     */
    private static String hide(String text, String secret, int minLength) {
        if (secret == null || secret.length() < minLength) {
            return text;
        }
        String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return text.replace(secret, Secret.MASK).replace(encoded, Secret.MASK).replace(encoded.replace("+", "%20"), Secret.MASK);
    }

    private HttpRequest build(ApiRequest request, HttpRequest.BodyPublisher publisher, Map<String, String> auth) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + request.target()))
                .method(request.method(), publisher)
                .timeout(policy.requestTimeout())
                .header("Accept", "application/json");
        if (request.body() != null) {
            builder.header("Content-Type", "application/json");
        }
        Map<String, String> headers = new LinkedHashMap<>(defaultHeaders);
        headers.putAll(auth);
        headers.putAll(request.headers());
        headers.forEach(builder::setHeader);
        return builder.build();
    }

    private ApiResponse response(String endpoint, HttpResponse<byte[]> raw) {
        byte[] bytes = raw.body();
        int status = raw.statusCode();
        if (bytes == null || bytes.length == 0) {
            return new ApiResponse(endpoint, status, raw.headers(), MissingNode.getInstance(), null);
        }
        try {
            JsonNode body = mapper.readTree(bytes);
            answeredJson.set(true);
            return new ApiResponse(endpoint, status, raw.headers(), body == null ? MissingNode.getInstance() : body, null);
        } catch (IOException e) {
            if (status >= 200 && status < 300) {
                String notThisApi = notThisApi(bytes);
                // An HTML page is no broken JSON: the parser's complaint about its '<' would only distract.
                // Its title says which page answered (a web UI's, a proxy's portal); its other words may be a script's.
                String what = html(bytes) && !notThisApi.isEmpty()
                        ? HTML_PAGE + pageTitle(bytes).map(t -> " (" + scrub(t) + ")").orElse("") + " in a " + status + " response"
                        : "malformed JSON in a " + status + " response (" + scrub(jsonProblem(e)) + ")";
                throw new VendorApiException(VendorApiException.Kind.MALFORMED, endpoint, host, status, VendorError.NONE,
                        endpoint + ": " + what + notThisApi, e);
            }
            // An error page from a proxy: its words say what the status does not; an HTML page's, without its tags.
            return new ApiResponse(endpoint, status, raw.headers(), MissingNode.getInstance(),
                    html(bytes) ? htmlPage(bytes) : firstLine(new String(bytes, StandardCharsets.UTF_8)));
        }
    }

    // ---------------------------------------------------------------- waiting

    private void awaitGate(String endpoint) {
        try {
            gate.awaitOpen();
        } catch (InterruptedException e) {
            throw interrupted(endpoint, e);
        }
    }

    /** Requests of one call that may go unanswered for the whole request timeout before the call fails. */
    static final int MAX_TIMEOUTS = 2;

    /**
     * Attempts of a call whose connections are closed or reset without an answer while the service has
     * not answered once: the second rides out one reset (a balancer's, a restart's), and a host that
     * closes every connection is not about to answer, so more would only delay the report of its
     * address by the policy's whole backoff (about 12 s by default).
     */
    static final int MAX_ATTEMPTS_BEFORE_AN_ANSWER = 2;

    private void retryOrThrow(String endpoint, int attempt, int maxAttempts, String why, IOException cause,
                              CallTime spent) {
        // A service that never answered in this run (it took the connection and closed or reset it each time)
        // is as unreachable as one that refused it: the address is to check, like for a refusal.
        VendorApiException.Kind kind = reached.get() ? VendorApiException.Kind.NETWORK : VendorApiException.Kind.UNREACHABLE;
        VendorApiException error = new VendorApiException(kind, endpoint, host, 0, VendorError.NONE, endpoint + ": " + why
                + (attempt > 1 ? " (after " + attempt + " attempts)" : "")
                + (kind == VendorApiException.Kind.UNREACHABLE ? assumedHttps : ""), cause);
        int attempts = kind == VendorApiException.Kind.UNREACHABLE
                ? Math.min(maxAttempts, MAX_ATTEMPTS_BEFORE_AN_ANSWER) : maxAttempts;
        if (attempt >= attempts) {
            throw failedForGood(error, false);
        }
        backOff(endpoint, attempt, attempts - 1, why, spent, error);
    }

    /**
     * The end of the message of a call that failed at once because the service asked to wait longer than
     * {@link RetryPolicy#maxRetryAfter()}: a fault drill tells such a call by it (it drilled nothing).
     */
    public static final String NOT_RETRIED_WAIT = ", so it was not retried; run again once the rate limit resets";

    /** Ends the line of a call the service kept answering 429 until the retries ran out: no setting is wrong. */
    public static final String RATE_LIMITED = " kept limiting the rate of requests; run again once the rate limit resets";

    /**
     * A 429 the retries did not get past, named as the service's rate limit: the host and the credentials worked,
     * so the setting a first call's failure names otherwise ({@code hostPort}) would send the user the wrong way.
     */
    private VendorApiException rateLimited(VendorApiException error) {
        return new VendorApiException(error.kind(), error.endpoint(), host, error.httpStatus(), error.vendorError(),
                error.getMessage() + "; " + (apiName == null ? host : apiName) + RATE_LIMITED, error);
    }

    /** A 429 or 503 whose {@code Retry-After} is longer than the policy waits: the call fails now. */
    private VendorApiException tooLongAWait(VendorApiException error, Duration asked) {
        return new VendorApiException(error.kind(), error.endpoint(), host, error.httpStatus(), error.vendorError(),
                error.getMessage() + "; " + host + " asked to wait " + RetryPolicy.describe(asked) + " before the next"
                        + " request, longer than the " + RetryPolicy.describe(policy.maxRetryAfter()) + " a call waits"
                        + NOT_RETRIED_WAIT,
                error);
    }

    /**
     * The time one call has taken: each request as measured, each wait as asked for (so a test's
     * {@link Sleeper} that spends nothing still counts), against {@link RetryPolicy#maxCallTime()}.
     */
    private static final class CallTime {
        private final Duration limit;
        private long nanos;

        CallTime(Duration limit) {
            this.limit = limit;
        }

        void add(long sentNanos) {
            nanos += System.nanoTime() - sentNanos;
        }

        void waited(Duration wait) {
            nanos += wait.toNanos();
        }

        boolean exceededBy(Duration wait) {
            return nanos + wait.toNanos() > limit.toNanos();
        }

        VendorApiException over(VendorApiException last) {
            return new VendorApiException(last.kind(), last.endpoint(), last.host(), last.httpStatus(), last.vendorError(),
                    last.getMessage() + " (not retried: the call has taken " + RetryPolicy.describe(Duration.ofMillis(
                            nanos / 1_000_000 / 1000 * 1000)) + " of the " + RetryPolicy.describe(limit)
                            + " it may take, RetryPolicy.maxCallTime)", last.getCause() != null ? last.getCause() : last);
        }
    }

    /**
     * A call that failed for good on the service's side: counted by the breaker, and turned into
     * {@code UNAVAILABLE} when that gives the service up.
     *
     * @param conclusive whether this failure alone shows the service is gone
     */
    private VendorApiException failedForGood(VendorApiException error, boolean conclusive) {
        if (!breaker.failed(error.getMessage(), conclusive)) {
            return error;
        }
        return unavailable(error.endpoint(), breaker.gaveUp(), error);
    }

    private VendorApiException unavailable(String endpoint, String why, Throwable cause) {
        int calls = breaker.failedInARow();
        return new VendorApiException(VendorApiException.Kind.UNAVAILABLE, endpoint, host, 0, VendorError.NONE,
                host + " is unavailable" + (calls > 1 ? ", " + calls + " calls in a row failed" : "") + " (last: " + why + ")",
                cause);
    }

    /**
     * Waits before retry number {@code attempt}, logging it as {@code retry N of M}.
     *
     * @param retries the most retries the call makes should this kind of failure repeat (M)
     */
    private void backOff(String endpoint, int attempt, int retries, String why, CallTime spent,
                         VendorApiException last) {
        backOff(endpoint, attempt, retries, why, spent, last, false);
    }

    /** @param conclusive whether running out of call time alone shows the service is gone (refused throughout) */
    private void backOff(String endpoint, int attempt, int retries, String why, CallTime spent,
                         VendorApiException last, boolean conclusive) {
        Duration wait = policy.backoff(attempt);
        if (spent.exceededBy(wait)) {
            throw failedForGood(spent.over(last), conclusive);
        }
        spent.waited(wait);
        LOG.warn("{}: {}; retry {} of {} in {} ms", endpoint, why, attempt, retries, wait.toMillis());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            throw interrupted(endpoint, e);
        }
    }

    private VendorApiException interrupted(String endpoint, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new VendorApiException(VendorApiException.Kind.INTERRUPTED, endpoint, host, 0, VendorError.NONE,
                endpoint + ": interrupted", e);
    }

    /**
     * {@code Retry-After} as delta-seconds or an HTTP date, as the server asked; empty when absent,
     * unreadable or not in the future (a negative or past value), so the normal backoff applies
     * rather than an immediate retry.
     */
    private Optional<Duration> retryAfter(ApiResponse response) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().strip();
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                wait = Duration.between(clock.instant(), at.toInstant());
            } catch (RuntimeException notDate) {
                return Optional.empty();
            }
        }
        return wait.isNegative() || wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    // ---------------------------------------------------------------- errors

    private VendorApiException error(ApiResponse response, int attempt) {
        VendorError read = errorReader.read(response.body());
        VendorError vendor = new VendorError(scrub(read.code()),
                scrub(read.message() != null ? read.message() : response.rawBody()));
        String text = response.endpoint() + ": HTTP " + response.status() + vendor.suffix()
                + (attempt > 1 ? " (after " + attempt + " attempts)" : "");
        return new VendorApiException(VendorApiException.Kind.HTTP, response.endpoint(), host, response.status(),
                vendor, text, null);
    }

    /**
     * A 5xx the retries did not get past, named as the service's own failure: the vendor, the status,
     * its code and message, and what the user can do about it; as any other HTTP error when the client
     * was given no vendor (the caller words its own messages).
     */
    private VendorApiException serviceFailing(ApiResponse response, int attempt) {
        VendorApiException error = error(response, attempt);
        if (apiName == null) {
            return error;
        }
        return new VendorApiException(error.kind(), error.endpoint(), host, error.httpStatus(), error.vendorError(),
                response.endpoint() + ": " + apiName + " answered HTTP " + response.status() + error.vendorError().suffix()
                        + (attempt > 1 ? " (after " + attempt + " attempts)" : "")
                        + ": the service is failing; retry later", null);
    }

    /**
     * Why a 2xx body that is not JSON is likely no answer of this API at all, with the setting to check:
     * an HTML page (a proxy's, a login page, a web site), or any non-JSON before the host ever answered
     * JSON. Empty for a body broken off after the API answered JSON (a truncated page), and when the
     * client was given no vendor.
     */
    private String notThisApi(byte[] bytes) {
        if (apiName == null || (!html(bytes) && answeredJson.get())) {
            return "";
        }
        return ", not " + apiName + " answering: check " + hostSetting
                + " (a wrong host, or a proxy or login page answering in its place)";
    }

    /** What an HTML page's head of the body says: {@value #HTML_PAGE}, with its title or first words. */
    static String htmlPage(byte[] bytes) {
        String words = pageTitle(bytes).orElseGet(() -> pageWords(head(bytes)));
        return HTML_PAGE + (words.isEmpty() ? "" : " (" + words + ")");
    }

    /** The {@code <title>} of an HTML page, its words only, at most {@value #PAGE_WORDS} characters; empty when it has none. */
    static Optional<String> pageTitle(byte[] bytes) {
        java.util.regex.Matcher title = HTML_TITLE.matcher(head(bytes));
        return title.find() ? Optional.of(pageWords(title.group(1))).filter(words -> !words.isEmpty()) : Optional.empty();
    }

    /** The start of a page, where its title is: a page's size does not matter to a message. */
    private static String head(byte[] bytes) {
        return new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.UTF_8);
    }

    /** {@code html}'s text on one line without its tags, cut at {@value #PAGE_WORDS} characters with {@code …}. */
    private static String pageWords(String html) {
        String words = entities(html.replaceAll("<[^>]*>", " ").replaceAll("<[^>]*$", " "))
                .replaceAll("\\s+", " ").strip();
        return words.length() > PAGE_WORDS ? words.substring(0, PAGE_WORDS) + "…" : words;
    }

    /** Titles write their dashes and dots as entities ({@code Sign in &middot; Acme}): a message shows the characters. */
    private static String entities(String text) {
        java.util.regex.Matcher entity = HTML_ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (entity.find()) {
            String name = entity.group(1);
            String character = name.startsWith("#") ? numeric(name.substring(1)) : NAMED_ENTITIES.get(name);
            entity.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(character == null ? entity.group() : character));
        }
        return entity.appendTail(out).toString();
    }

    private static String numeric(String code) {
        try {
            int point = code.startsWith("x") || code.startsWith("X") ? Integer.parseInt(code.substring(1), 16)
                    : Integer.parseInt(code);
            return Character.isValidCodePoint(point) ? new String(Character.toChars(point)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static final java.util.regex.Pattern HTML_ENTITY = java.util.regex.Pattern.compile("&(#[xX]?[0-9a-fA-F]{1,6}|[a-zA-Z]+);");

    /** The named entities page titles use; any other is left as written. */
    private static final Map<String, String> NAMED_ENTITIES = Map.ofEntries(Map.entry("amp", "&"), Map.entry("lt", "<"),
            Map.entry("gt", ">"), Map.entry("quot", "\""), Map.entry("apos", "'"), Map.entry("nbsp", " "),
            Map.entry("ndash", "–"), Map.entry("mdash", "—"), Map.entry("middot", "·"), Map.entry("bull", "•"),
            Map.entry("raquo", "»"), Map.entry("laquo", "«"), Map.entry("copy", "©"), Map.entry("reg", "®"),
            Map.entry("trade", "™"), Map.entry("hellip", "…"));

    /** How much of a page's title or words a message names it by: enough to tell pages apart, short enough for one line. */
    static final int PAGE_WORDS = 100;

    /** How an HTML error page is named in messages, never quoted raw: {@code an HTML page (502 Bad Gateway)}. */
    public static final String HTML_PAGE = "an HTML page";

    private static final java.util.regex.Pattern HTML_TITLE =
            java.util.regex.Pattern.compile("(?is)<title[^>]*>(.*?)</title>");

    private static boolean html(byte[] bytes) {
        return new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.UTF_8).stripLeading().startsWith("<");
    }

    /** Removes the authenticator's secrets, as is and URL-encoded, from a text meant for a message. */
    private String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : authenticator.secrets()) {
            if (secret == null || secret.isEmpty()) {
                continue;
            }
            out = out.replace(secret, "******");
            out = out.replace(URLEncoder.encode(secret, StandardCharsets.UTF_8), "******");
        }
        return out;
    }

    /**
     * What is wrong with a body, in a line: the parser's own words and where, without Jackson's
     * source descriptions ({@code [Source: REDACTED (`StreamReadFeature…` disabled); …]}).
     */
    static String jsonProblem(Exception e) {
        if (!(e instanceof JsonProcessingException json)) {
            return firstLine(e.getMessage());
        }
        String text = firstLine(json.getOriginalMessage() == null ? e.getClass().getSimpleName() : json.getOriginalMessage())
                .replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", "")
                .replaceAll("\\s*at \\[Source:[^\\]]*\\]", "")
                .replaceAll("\\[Source:[^\\]]*\\]", "")
                // Jackson lists every kind of JSON value it would have taken: noise in a one-line message.
                .replaceAll("(: was expecting)? \\(JSON String, .*?'false'\\)", "")
                .replaceAll("\\s+$", "");
        text = text.length() > 120 ? text.substring(0, 120) + "…" : text;
        com.fasterxml.jackson.core.JsonLocation at = json.getLocation();
        return at == null || at.getLineNr() < 0 ? text : text + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        String line = text.strip().split("\\R", 2)[0];
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** Settings of a {@link JsonHttpClient}; every one but the HTTP client, mapper and base has a default. */
    public static final class Builder {
        private final HttpClient http;
        private final ObjectMapper mapper;
        private final URI base;
        private Authenticator authenticator = Authenticator.none();
        private RetryPolicy policy = RetryPolicy.DEFAULT;
        private Sleeper sleeper = Sleeper.SYSTEM;
        private Clock clock = Clock.systemUTC();
        private RateLimitGate gate;
        private VendorError.Reader errorReader = VendorError.COMMON;
        private ForbiddenRule forbiddenRule = ForbiddenRule.NONE;
        private final Map<String, String> defaultHeaders = new LinkedHashMap<>();
        private int giveUpAfter;
        private String vendor;
        private String hostSetting;
        private boolean namesCallsUnderBase;
        private String writtenAddress;

        private Builder(HttpClient http, ObjectMapper mapper, URI base) {
            this.http = Objects.requireNonNull(http, "http");
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            this.base = Objects.requireNonNull(base, "base");
            if (base.getScheme() == null || base.getRawAuthority() == null) {
                throw new IllegalArgumentException("base must be an absolute http(s) URI: " + base);
            }
        }

        /** How requests authenticate; default none. */
        public Builder authenticator(Authenticator value) {
            this.authenticator = Objects.requireNonNull(value, "authenticator");
            return this;
        }

        /** Retry settings; default {@link RetryPolicy#DEFAULT}. */
        public Builder retryPolicy(RetryPolicy value) {
            this.policy = Objects.requireNonNull(value, "retryPolicy");
            return this;
        }

        /** How waits are spent; default {@link Sleeper#SYSTEM}. Also used by the gate this builder makes. */
        public Builder sleeper(Sleeper value) {
            this.sleeper = Objects.requireNonNull(value, "sleeper");
            return this;
        }

        /** The clock that turns a {@code Retry-After} date into a wait; default UTC system clock. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** A gate shared with other clients of the same account; default a gate of this client's own. */
        public Builder gate(RateLimitGate value) {
            this.gate = Objects.requireNonNull(value, "gate");
            return this;
        }

        /** How error bodies are read; default {@link VendorError#COMMON}. */
        public Builder errorReader(VendorError.Reader value) {
            this.errorReader = Objects.requireNonNull(value, "errorReader");
            return this;
        }

        /**
         * Which 403s refuse the credentials for the client's life, like a 401 (see {@link ForbiddenRule});
         * default {@link ForbiddenRule#NONE}: every 403 is the failure of its call only.
         */
        public Builder forbiddenRefusesCredentials(ForbiddenRule value) {
            this.forbiddenRule = Objects.requireNonNull(value, "forbiddenRule");
            return this;
        }

        /** A header sent with every request (e.g. {@code X-MSTR-ProjectID}); a request's own headers win. */
        public Builder defaultHeader(String name, String value) {
            defaultHeaders.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Gives the service up for the client's life once {@code callsInARow} calls in a row failed for
         * good on its side (refused, timed out, reset, 5xx after the retries), or one call was refused
         * for all its attempts: later calls throw {@link VendorApiException.Kind#UNAVAILABLE} at once.
         * After the first such failure, calls get one attempt each until one is answered. Default: give
         * up only on a host refused for all of one call's attempts (other failures retry in full per call).
         *
         * @param callsInARow at least 1
         */
        public Builder giveUpAfter(int callsInARow) {
            if (callsInARow < 1) {
                throw new IllegalArgumentException("callsInARow must be at least 1, was " + callsInARow);
            }
            this.giveUpAfter = callsInARow;
            return this;
        }

        /**
         * How messages name the API and the setting that holds its address, so a failure tells the user
         * what to check: a 5xx the retries did not get past reads {@code the Fivetran API answered HTTP 500
         * …: the service is failing; retry later}, and a 200 with an HTML page (or no JSON before any JSON
         * answer) names {@code hostSetting}. Default: none, and those failures read as any other
         * ({@code GET /v1/x: HTTP 500 … (after 6 attempts)}), for a caller that words its own messages.
         *
         * @param vendorName the vendor's name as users know it, e.g. {@code Fivetran}
         * @param hostSettingPath the setting's path in the workflow file, e.g. {@code ConnectionPath.of("hostPort")}
         */
        public Builder vendor(String vendorName, String hostSettingPath) {
            this.vendor = Objects.requireNonNull(vendorName, "vendorName");
            this.hostSetting = Objects.requireNonNull(hostSettingPath, "hostSettingPath");
            return this;
        }

        /**
         * Names calls by their path under the base, without the base's own path, in messages and log lines alike:
         * {@code PUT /v1/tables} for the base {@code http://host:8585/api}, for an API whose users know its paths that
         * way. Default: with it ({@code GET /v1/groups} for the base {@code https://api.fivetran.com/v1} and the path
         * {@code /groups}).
         */
        public Builder namesCallsUnderBase() {
            this.namesCallsUnderBase = true;
            return this;
        }

        /**
         * The API's address as the user wrote it in the setting given to {@link #vendor}, e.g. {@code hostPort}'s value.
         * When it names no scheme ({@link BaseUrl#namesScheme}), https was assumed: a failure that a plain-HTTP server
         * causes before the service ever answered (a TLS error, a connection that times out or is closed) says so and
         * how to write {@code http://}. Default: none, and such failures do not say it.
         */
        public Builder addressAsWritten(String address) {
            this.writtenAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The client. */
        public JsonHttpClient build() {
            JsonHttpClient client = new JsonHttpClient(this);
            authenticator.attach(client);
            return client;
        }
    }
}
