package io.metaingest.api;

import java.util.Objects;

/**
 * What a step produced for one entity: a record, a failure, a filtered entity or a warning. Only
 * {@link Ok} travels to the next step; the others are counted in the step's {@link Status}.
 *
 * @param <T> the record type
 */
public sealed interface Result<T> permits Result.Ok, Result.Failed, Result.Filtered, Result.Warning {

    /**
     * How a failed or filtered result names its entity, as the hints to step authors say it: the run report lists
     * the name, and OpenMetadata's database sources give these entities' FQNs (the conformance kit requires it).
     */
    String NAME_RULE = "a database, schema, table or stored procedure is named by its fully qualified name";

    /** A record for the next step. */
    static <T> Result<T> ok(T record) {
        return new Ok<>(record);
    }

    /** The entity {@code name} could not be read or mapped; the run goes on. */
    static <T> Result<T> failed(String name, Throwable cause) {
        return new Failed<>(StepError.of(name, cause));
    }

    /** The entity {@code name} could not be read or mapped, without an exception. */
    static <T> Result<T> failed(String name, String error) {
        return new Failed<>(new StepError(name, error, null));
    }

    /** The entity {@code name} was dropped by a filter pattern or an option; see {@link #NAME_RULE}. */
    static <T> Result<T> filtered(String name, String reason) {
        return new Filtered<>(name, reason);
    }

    /**
     * Something worth telling the user about {@code name}; nothing is emitted. Named by a setting's path
     * ({@code source.sourceConfig.config.tableFilterPattern}, {@code source.serviceConnection.config.…}) rather than an
     * entity, it is about the run, and the report keeps it however many warnings about entities came before it.
     */
    static <T> Result<T> warning(String name, String message) {
        return new Warning<>(name, message);
    }

    /** A record for the next step. */
    record Ok<T>(T record) implements Result<T> {
        /** Rejects null records. */
        public Ok {
            Objects.requireNonNull(record, "record");
        }
    }

    /** A recorded failure. */
    record Failed<T>(StepError error) implements Result<T> {
        /** Rejects a null error. */
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    /** A filtered entity and why. */
    record Filtered<T>(String name, String reason) implements Result<T> {
    }

    /** A warning about an entity. */
    record Warning<T>(String name, String message) implements Result<T> {
    }
}
