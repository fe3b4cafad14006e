package io.metaingest.connectors.postgres;

/**
 * How metaingest's own statements are told from users' in PostgreSQL's query log: each starts with
 * {@value #MARKER}, and the usage and lineage sources leave out every statement that holds it, so
 * neither a catalog read, a profile, a sample nor a data-quality test counts as usage.
 */
public final class OwnStatements {

    /** The comment that starts every statement metaingest sends. */
    public static final String MARKER = "/* metaingest catalog */";

    private OwnStatements() {
    }
}
