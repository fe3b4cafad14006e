package io.metaingest.connectors.postgres.quality;

import io.metaingest.connectors.postgres.OwnStatements;
import io.metaingest.toolkit.quality.SqlDialect;
import java.util.Optional;

/** PostgreSQL's spelling of text casts and regular expressions ({@code ~}: contains a match). */
final class PostgresDialect implements SqlDialect {

    @Override
    public String statementPrefix() {
        return OwnStatements.MARKER + " ";
    }

    @Override
    public String asText(String expression) {
        return "CAST(" + expression + " AS TEXT)";
    }

    @Override
    public Optional<String> regexMatch(String expression) {
        return Optional.of(asText(expression) + " ~ ?");
    }
}
