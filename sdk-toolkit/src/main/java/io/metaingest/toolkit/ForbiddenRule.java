package io.metaingest.toolkit;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which HTTP 403 answers a {@link JsonHttpClient} takes for refused credentials, like a 401: from then
 * on no call is sent ({@link JsonHttpClient#refusedCredentials()}) and {@link RefusedCredentials} ends
 * the run once as a connection failure. A 403 on one object (a job, a connection, a dossier the key may
 * not open) stays that object's failure; a 403 on a call the whole run depends on (the account's
 * listing) or one whose message says the token itself is no good is every later call's too, so sending
 * more only adds one failure per entity. A connector declares its own with
 * {@link JsonHttpClient.Builder#forbiddenRefusesCredentials(ForbiddenRule)}; the default is {@link #NONE}.
 */
@FunctionalInterface
public interface ForbiddenRule {

    /** No 403 refuses the credentials. */
    ForbiddenRule NONE = (request, error) -> false;

    /**
     * Whether a 403 to {@code request} refuses the credentials for the rest of the run.
     *
     * @param request the call answered with 403
     * @param error the vendor's code and message of the answer ({@link VendorError#NONE} when none)
     */
    boolean refusesCredentials(ApiRequest request, VendorError error);

    /** A 403 to a call of one of {@code paths} (below the client's base, as {@link ApiRequest#path()}), any method. */
    static ForbiddenRule onPaths(String... paths) {
        Set<String> set = Set.of(paths);
        return (request, error) -> set.contains(request.path());
    }

    /** A 403 whose vendor message (or code) contains a match of {@code pattern}, on any call. */
    static ForbiddenRule whenVendorSays(Pattern pattern) {
        Objects.requireNonNull(pattern, "pattern");
        return (request, error) -> (error.message() != null && pattern.matcher(error.message()).find())
                || (error.code() != null && pattern.matcher(error.code()).find());
    }

    /** This rule or {@code other}. */
    default ForbiddenRule or(ForbiddenRule other) {
        Objects.requireNonNull(other, "other");
        return (request, error) -> refusesCredentials(request, error) || other.refusesCredentials(request, error);
    }
}
