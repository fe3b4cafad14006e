package io.metaingest.toolkit;

import io.metaingest.api.IncompleteReadException;
import io.metaingest.api.Result;
import io.metaingest.api.StepError;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The listings a source could not read to the end. A failed listing is not one entity's failure:
 * it hides an unknown number of entities (a group's 100 connectors, a project's dossiers), so
 * counting it as one failure among thousands of records would give a run that looks successful
 * (99.8 %, exit 0) while whole parts of the service were never read.
 *
 * <p>Use: for each listing that fails, emit {@link #failed}'s result (the run's failures list each
 * listing on its own line) and go on with the next listing; append {@link #endOfRead()} as the last
 * part of the source's stream. When a listing failed, it throws {@link IncompleteReadException} there,
 * after everything that could be read was, and the run ends as failed.
 *
 * <pre>{@code
 * } catch (VendorApiException e) {
 *     pending.add(unread.failed("group g1 (Sales) connectors", "connectors of group g1 (Sales)",
 *             "the pipelines it holds", e));
 * }
 * ...
 * return Stream.concat(body, unread.endOfRead());
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class UnreadListings {

    private final List<String> problems = new ArrayList<>();
    private Throwable firstCause;

    /**
     * Records that a listing could not be read and returns the failure to emit for it, e.g. {@code
     * could not list connectors of group g1 (Sales): GET /v1/groups/g1/connections: HTTP 500 (after 6
     * attempts); the pipelines it holds were not read (and mark-deleted was skipped)}.
     *
     * @param name the failure's name, as the run lists it
     * @param what what could not be listed, e.g. {@code connectors of group g1 (Sales)}
     * @param unread what was therefore not read, e.g. {@code the pipelines it holds}
     * @param cause why, as {@link StepError#oneLine} says it (a {@link VendorApiException}'s message as it is)
     */
    public <T> Result<T> failed(String name, String what, String unread, Throwable cause) {
        return failed(name, what, unread, cause, null);
    }

    /**
     * As {@link #failed(String, String, String, Throwable)}, the message ending with what the user can do,
     * e.g. {@code ...; to leave the project out, exclude it with source.sourceConfig.config.projectFilterPattern}.
     *
     * @param fix what the user can do, or null
     */
    public <T> Result<T> failed(String name, String what, String unread, Throwable cause, String fix) {
        String why = StepError.oneLine(cause);
        // A vendor message ends its sentence ("Invalid token."): not before the "; " that goes on.
        if (why.endsWith(".") && !why.endsWith("..")) {
            why = why.substring(0, why.length() - 1);
        }
        String message = "could not list " + what + ": " + why + "; " + unread
                + " were not read (and mark-deleted was skipped)" + (fix == null ? "" : "; " + fix);
        synchronized (problems) {
            problems.add(message);
            if (firstCause == null) {
                firstCause = cause;
            }
        }
        return Result.failed(name, message);
    }

    /** The messages of the failed listings, in the order they failed. */
    public List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    /**
     * The last part of a source's stream: empty when every listing was read; otherwise, when reached,
     * throws {@link IncompleteReadException} with the first failed listing's message (and how many
     * more failed), so the run ends as failed.
     */
    public <T> Stream<Result<T>> endOfRead() {
        // Lazy: the listings are known only once the stream before this part has been drained.
        return Stream.of(this).flatMap(self -> {
            List<String> failed = problems();
            if (failed.isEmpty()) {
                return Stream.empty();
            }
            String more = failed.size() == 1 ? "" : " (and " + (failed.size() - 1) + " more listing"
                    + (failed.size() == 2 ? "" : "s") + " not read, each among the source's failures)";
            // The cause carries the first listing's message: the run sees it recorded already and does not
            // count the same problem twice.
            Throwable first;
            synchronized (problems) {
                first = firstCause;
            }
            throw new IncompleteReadException(failed.get(0) + more,
                    failed.size() == 1 ? first : new IncompleteReadException(failed.get(0), first));
        });
    }
}
